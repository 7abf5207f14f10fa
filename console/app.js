// The uam web console: plain JavaScript over the same HTTP API as the CLI (no build step).
const $ = (selector, root = document) => root.querySelector(selector);
const state = { token: localStorage.getItem('uam.token') || '', me: null, enterpriseId: null, sort: 'id', order: 'asc', cursors: [undefined], page: 0, next: null, rows: [], selected: new Set() };

class ApiError extends Error {
  constructor(body) { super(`${body.code}: ${body.message}`); this.body = body; }
}

async function api(method, path, body, extraHeaders = {}) {
  const headers = { authorization: `Bearer ${state.token}`, ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const err = await res.json().catch(() => ({ error: { code: `HTTP_${res.status}`, message: res.statusText, details: {} } }));
    throw new ApiError(err.error);
  }
  return res;
}
const getJson = async (path) => (await api('GET', path)).json();

function show(el, text, kind = '') {
  el.textContent = text;
  el.className = `msg ${kind}`;
}
const explain = (err) => (err instanceof ApiError && err.body.details && err.body.details.maximum ? `${err.message} (maximum ${err.body.details.maximum})` : err.message);

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

function alertText(a) {
  if (a.alertStatus === 'off' || a.alertThreshold === null) return ['off', ''];
  return a.alertStatus === 'fired' ? [`LOW (< ${a.alertThreshold})`, 'fired'] : [`ok (< ${a.alertThreshold})`, ''];
}

function render() {
  const tbody = $('#rows');
  tbody.replaceChildren(...state.rows.map((a) => {
    const tr = document.createElement('tr');
    if (a.status === 'stopped') tr.className = 'stopped';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = state.selected.has(a.id);
    box.addEventListener('change', () => { box.checked ? state.selected.add(a.id) : state.selected.delete(a.id); renderSelection(); });
    const pick = document.createElement('td');
    pick.append(box);
    const [alert, alertClass] = alertText(a);
    tr.append(pick, cell(a.id), cell(a.name), cell(a.status), cell(a.available, 'num'), cell(a.cashBalance, 'num'), cell(a.transferBook, 'num'),
      cell(a.creditLimit, 'num'), cell(`${a.couponBalance} (${a.validCoupons})`, 'num'), cell(alert, alertClass));
    return tr;
  }));
  for (const th of document.querySelectorAll('th[data-sort]')) {
    const label = th.textContent.replace(/ [▲▼]$/, '');
    th.textContent = th.dataset.sort === state.sort ? `${label} ${state.order === 'asc' ? '▲' : '▼'}` : label;
  }
  $('#prev').disabled = state.page === 0;
  $('#next').disabled = !state.next;
  renderSelection();
}

function renderSelection() {
  const ids = [...state.selected];
  $('#selected').textContent = ids.length ? `${ids.length} selected: ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ' …' : ''}` : 'none selected';
}

function listQuery(extra = {}) {
  const q = new URLSearchParams({ sort: state.sort, order: state.order, limit: $('#limit').value, ...extra });
  const cursor = state.cursors[state.page];
  if (cursor) q.set('cursor', cursor);
  if ($('#search').value.trim()) q.set('search', $('#search').value.trim());
  if ($('#alerting').checked) q.set('alerting', 'true');
  return q;
}

async function loadAccounts() {
  if (!state.enterpriseId) return;
  try {
    const page = await getJson(`/enterprises/${state.enterpriseId}/accounts?${listQuery()}`);
    state.rows = page.items;
    state.next = page.next;
    show($('#list-msg'), '');
    render();
  } catch (err) {
    show($('#list-msg'), explain(err), 'error');
  }
}

function restart() {
  state.cursors = [undefined];
  state.page = 0;
  return loadAccounts();
}

async function signIn() {
  state.token = $('#token').value.trim() || state.token;
  localStorage.setItem('uam.token', state.token);
  // Lets a browser open the queue dashboard (/admin/queues) with the same token; never sent cross-site.
  document.cookie = `uam_token=${encodeURIComponent(state.token)}; path=/admin; SameSite=Strict`;
  try {
    state.me = await getJson('/me');
    $('#who').textContent = `${state.me.name} (${state.me.role})`;
    const select = $('#enterprise');
    const enterprises = state.me.role === 'member' ? [{ id: state.me.enterpriseId, name: `enterprise ${state.me.enterpriseId}` }] : (await getJson('/enterprises?limit=500')).items;
    select.replaceChildren(...enterprises.map((e) => new Option(`${e.id} ${e.name}`, e.id)));
    state.enterpriseId = enterprises[0] ? enterprises[0].id : null;
    await restart();
  } catch (err) {
    $('#who').textContent = explain(err);
  }
}

async function download(all) {
  try {
    const q = listQuery(all ? { all: 'true' } : {});
    const blob = await (await api('GET', `/enterprises/${state.enterpriseId}/accounts.csv?${q}`)).blob();
    const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `enterprise-${state.enterpriseId}-accounts.csv` });
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (err) {
    show($('#list-msg'), explain(err), 'error');
  }
}

async function applyAlert() {
  const msg = $('#alert-msg');
  if (!state.selected.size) return show(msg, 'select accounts in the list first', 'error');
  const body = { accountIds: [...state.selected], enabled: $('#alert-enabled').checked };
  if ($('#alert-threshold').value.trim()) body.threshold = $('#alert-threshold').value.trim();
  try {
    const res = await (await api('POST', '/alerts/batch', body)).json();
    show(msg, `✓ ${res.items.length} account(s) changed`, 'ok');
    await loadAccounts();
  } catch (err) {
    show(msg, explain(err), 'error');
  }
}

/** A transfer or withdrawal panel: shows the maximum for the chosen accounts before the user commits. */
function movementPanel(panel) {
  const kind = panel.dataset.kind;
  const base = kind === 'transfer' ? '/transfers' : '/withdrawals';
  const ids = () => ({ from: $('.from', panel).value.trim(), to: $('.to', panel).value.trim() });
  const msg = $('.msg', panel);
  async function refreshMax() {
    const { from, to } = ids();
    if (!/^\d+$/.test(from) || !/^\d+$/.test(to)) return void ($('.max', panel).textContent = '');
    try {
      const { maximum } = await getJson(`${base}/maximum?from=${from}&to=${to}`);
      $('.max', panel).textContent = `Maximum now: ${maximum} yuan`;
    } catch (err) {
      $('.max', panel).textContent = explain(err);
    }
  }
  $('.from', panel).addEventListener('change', refreshMax);
  $('.to', panel).addEventListener('change', refreshMax);
  $('.commit', panel).addEventListener('click', async () => {
    const { from, to } = ids();
    try {
      const key = crypto.randomUUID();
      await api('POST', base, { fromAccountId: Number(from), toAccountId: Number(to), amount: $('.amount', panel).value.trim() }, { 'idempotency-key': key });
      show(msg, `${kind} ${key} started…`);
      let status;
      for (let i = 0; i < 100; i++) {
        status = await getJson(`${base}/${key}`);
        if (['completed', 'failed', 'awaiting_approval'].includes(status.stage)) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      if (status.stage === 'failed') show(msg, `✗ ${status.error.code}: ${status.error.message}`, 'error');
      else show(msg, status.stage === 'completed' ? `✓ ${kind} of ${status.amount} done` : `waiting for a second admin (request ${key})`, 'ok');
      await Promise.all([refreshMax(), loadAccounts()]);
    } catch (err) {
      show(msg, explain(err), 'error');
    }
  });
}

$('#token').value = state.token;
$('#signin').addEventListener('click', signIn);
$('#enterprise').addEventListener('change', (e) => { state.enterpriseId = Number(e.target.value); state.selected.clear(); restart(); });
$('#search').addEventListener('change', restart);
$('#alerting').addEventListener('change', restart);
$('#limit').addEventListener('change', restart);
$('#prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); loadAccounts(); });
$('#next').addEventListener('click', () => { state.cursors[state.page + 1] = state.next; state.page++; loadAccounts(); });
$('#select-all').addEventListener('change', (e) => { for (const a of state.rows) e.target.checked ? state.selected.add(a.id) : state.selected.delete(a.id); render(); });
$('#export-page').addEventListener('click', () => download(false));
$('#export-all').addEventListener('click', () => download(true));
$('#alert-apply').addEventListener('click', applyAlert);
for (const th of document.querySelectorAll('th[data-sort]')) {
  th.addEventListener('click', () => {
    state.order = state.sort === th.dataset.sort && state.order === 'asc' ? 'desc' : 'asc';
    state.sort = th.dataset.sort;
    restart();
  });
}
for (const panel of document.querySelectorAll('section[data-kind]')) movementPanel(panel);
if (state.token) signIn();
