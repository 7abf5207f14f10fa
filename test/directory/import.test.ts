import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestApi, type Api } from '../api/support';
import { createPrincipal } from '../../services/principals';
import { freshId } from '../support';

let api: Api;
let ops: string;
let enterpriseId: number;

beforeAll(async () => {
  api = await startTestApi();
  ops = (await createPrincipal(api.db, { name: freshId('ops'), role: 'ops' })).token;
});
beforeEach(async () => {
  enterpriseId = (await call(api.app, ops, 'POST', '/enterprises', { name: freshId('Import') })).body.enterprise.id;
});
afterAll(async () => api?.close());

/** POSTs a CSV file as the CLI does (`call` would send a string as JSON). */
async function importCsv(csv: string, query = '', token = ops) {
  const res = await api.app.inject({
    method: 'POST', url: `/enterprises/${enterpriseId}/accounts/import${query}`, payload: csv,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8' },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
const accountCount = async () => Number((await api.db('accounts').where({ enterprise_id: enterpriseId }).count('* as n').first())!.n);
const contactsOf = async (externalId: string) =>
  api.db('contacts as c').join('account_external_ids as x', 'x.account_id', 'c.account_id').where('x.external_id', externalId)
    .orderBy('c.id').select('c.channel', 'c.address', 'c.events');

describe('bulk import of accounts', () => {
  it('imports the example CSV, re-imports it as unchanged, and updates what changed; a dry run writes nothing', async () => {
    const csv = readFileSync(new URL('../../docs/examples/members.csv', import.meta.url), 'utf8')
      .replace(/acme-/g, `${enterpriseId}-`);
    const lines = csv.trim().split('\n').length - 1;
    const dry = await importCsv(csv, '?dryRun=true');
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, counts: { create: lines, update: 0, unchanged: 0, failed: 0 } });
    expect(await accountCount()).toBe(1);

    const first = await importCsv(csv);
    expect([first.status, first.body.counts]).toEqual([200, { create: lines, update: 0, unchanged: 0, failed: 0 }]);
    expect(first.body.rows[0]).toMatchObject({ line: 2, action: 'create', accountId: expect.any(Number) });
    expect(await accountCount()).toBe(1 + lines);
    expect(await contactsOf(`${enterpriseId}-rd-beijing`)).toEqual([
      { channel: 'email', address: 'rd.beijing@acme.example', events: ['low_balance', 'account_stopped', 'credit', 'transfers'] },
      { channel: 'sms', address: '13800000002', events: ['low_balance', 'account_stopped', 'credit', 'transfers'] },
    ]);

    expect((await importCsv(csv)).body.counts).toEqual({ create: 0, update: 0, unchanged: lines, failed: 0 });
    const changed = csv.replace('R&D Beijing', 'R&D Beijing (HQ)').replace('ops@acme.example', 'ops-team@acme.example');
    const dryUpdate = await importCsv(changed, '?dryRun=true');
    expect(dryUpdate.body.rows.filter((r: { action: string }) => r.action === 'update').map((r: { changes: string[] }) => r.changes))
      .toEqual([['name'], ['contacts']]);
    const second = await importCsv(changed);
    expect(second.body.counts).toEqual({ create: 0, update: 2, unchanged: lines - 2, failed: 0 });
    const renamed = await api.db('accounts as a').join('account_external_ids as x', 'x.account_id', 'a.id')
      .where('x.external_id', `${enterpriseId}-rd-beijing`).first('a.name');
    expect(renamed.name).toBe('R&D Beijing (HQ)');
    const log = await call(api.app, ops, 'GET', `/enterprises/${enterpriseId}/changes?limit=1`);
    expect(log.body.items[0]).toMatchObject({ action: 'accounts.imported', details: { created: 0, updated: 2, unchanged: lines - 2 } });
  });

  it('all-or-nothing: answers every bad row (line, field, why) and changes nothing', async () => {
    const csv = [
      'externalId,name,email,phone,events',
      'a-1,Good one,good@acme.example,,',
      ',Missing id,,,',
      'a-3,,x@acme.example,,',
      'a-4,Bad mail,not-mail,13800000000,',
      'a-5,Bad phone,,12345,low_balance',
      'a-6,Bad event,,,low_balance;sunshine',
      'a-1,Duplicate,,,',
      '"a-8","Multi-line',
      'name",,,',
      'a-9,Too,many,fields,here,!',
    ].join('\r\n');
    const res = await importCsv(csv);
    expect([res.status, res.body.error.code]).toEqual([400, 'IMPORT_INVALID']);
    expect(res.body.error.details.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'externalId'], [4, 'name'], [5, 'email'], [6, 'phone'], [7, 'events'], [8, 'externalId'], [9, 'name'], [11, 'row'],
    ]);
    expect(res.body.error.details.errors[5].message).toBe('"a-1" is also on line 2');
    expect(res.body.error.details.errors[6].message).toBe('must not contain control characters');
    expect(res.body.error.message).toMatch(/^8 problem\(s\) in the import; nothing was changed\. First: line 3, externalId: is required/);
    expect(await accountCount()).toBe(1);

    const best = await importCsv(csv, '?mode=best-effort');
    expect([best.status, best.body.applied, best.body.counts]).toEqual([200, true, { create: 1, update: 0, unchanged: 0, failed: 8 }]);
    expect(best.body.errors).toHaveLength(8);
    expect(await accountCount()).toBe(2);
  });

  it('imports JSON rows the same way, with fields named inside each row', async () => {
    const url = `/enterprises/${enterpriseId}/accounts/import`;
    const rows = [
      { externalId: 'j-1', name: 'Json one', contacts: [{ address: 'one@acme.example', events: ['credit'] }] },
      { externalId: 'j-2', name: 'Json two', contacts: [{ address: '+8613900000000' }, { address: 'bad@' }] },
    ];
    const refused = await call(api.app, ops, 'POST', url, { rows });
    expect(refused.body.error.details.errors).toEqual([{ line: 2, field: 'contacts[1].address', message: '"bad@" is not an e-mail address' }]);
    rows[1]!.contacts.pop();
    const ok = await call(api.app, ops, 'POST', url, { rows });
    expect(ok.body.counts).toEqual({ create: 2, update: 0, unchanged: 0, failed: 0 });
    expect(await contactsOf('j-1')).toEqual([{ channel: 'email', address: 'one@acme.example', events: ['credit'] }]);
  });

  it('refuses a file it cannot read, one with an unknown column, and more than 10,000 rows', async () => {
    const unclosed = await importCsv('externalId,name\nx-1,"never closed\n');
    expect(unclosed.body.error).toMatchObject({ code: 'IMPORT_INVALID', details: { errors: [{ line: 2, field: 'file' }] } });
    const column = await importCsv('externalId,name,colour\nx-1,One,blue\n');
    expect(column.body.error.details.errors).toEqual([{ line: 1, field: 'colour', message: 'is not a known column' }]);
    const many = ['externalId,name', ...Array.from({ length: 10_001 }, (_, i) => `m-${i},Member ${i}`)].join('\n');
    const tooMany = await importCsv(many);
    expect([tooMany.status, tooMany.body.error.details.field]).toEqual([400, 'file']);
    expect(await accountCount()).toBe(1);
  });

  it('10,000 rows: one bad row changes nothing; all good, they land in a few statements, and a re-run leaves them alone', async () => {
    const prefix = freshId('bulk');
    const line = (i: number) => `${prefix}-${i},Member ${i},member${i}@bulk.example,139${String(i).padStart(8, '0')},low_balance;account_stopped`;
    const rows = Array.from({ length: 10_000 }, (_, i) => line(i));
    const bad = [...rows];
    bad[7_777] = `${prefix}-7777,Member 7777,not-an-address,,`;
    const refused = await importCsv(['externalId,name,email,phone,events', ...bad].join('\n'));
    expect(refused.body.error.details.errors).toEqual([{ line: 7_779, field: 'email', message: '"not-an-address" is not an e-mail address' }]);
    expect(await accountCount()).toBe(1);

    const statements: string[] = [];
    const count = (q: { sql: string }) => statements.push(q.sql);
    api.db.on('query', count);
    try {
      const res = await importCsv(['externalId,name,email,phone,events', ...rows].join('\n'));
      expect(res.body.counts).toEqual({ create: 10_000, update: 0, unchanged: 0, failed: 0 });
    } finally {
      api.db.off('query', count);
    }
    // Set-wise: a bounded number of statements, not one round trip per row.
    expect(statements.length).toBeLessThanOrEqual(15);
    expect(await accountCount()).toBe(10_001);
    expect(Number((await api.db('contacts').where({ enterprise_id: enterpriseId }).count('* as n').first())!.n)).toBe(20_000);
    expect(await contactsOf(`${prefix}-42`)).toEqual([
      { channel: 'email', address: 'member42@bulk.example', events: ['low_balance', 'account_stopped'] },
      { channel: 'sms', address: '13900000042', events: ['low_balance', 'account_stopped'] },
    ]);
    const again = await importCsv(['externalId,name,email,phone,events', ...rows].join('\n'));
    expect(again.body.counts).toEqual({ create: 0, update: 0, unchanged: 10_000, failed: 0 });
  });

  it('is for platform ops only', async () => {
    const admin = (await createPrincipal(api.db, { name: freshId('admin'), role: 'enterprise_admin', enterpriseId })).token;
    expect((await importCsv('externalId,name\nx-1,One\n', '', admin)).status).toBe(403);
  });
});
