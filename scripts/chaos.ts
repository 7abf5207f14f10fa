/**
 * `npm run chaos` (`-- --quick` for a one-minute rehearsal): the long version of the fault tests, on services of
 * its own. Under a steady load of transfers and billing posts it stops the SMTP server for 5 minutes, Postgres for
 * 60 s, restarts Redis without persistence and SIGKILLs the two worker processes; then it lets everything drain and
 * prints what was lost, duplicated or left stuck. Exit code 0 only when all three are 0 and the ledger holds.
 */
import { startLoad, seedTenants } from './chaos/load';
import { judge, type Verdict } from './chaos/verdict';
import { buildWorld, type World } from './chaos/world';

const quick = process.argv.includes('--quick');
const S = 1000;
const PLAN = quick
  ? { smtpAt: 5, smtpFor: 30, pgAt: 10, pgFor: 10, redisAt: 25, kills: [8, 20], loadFor: 40, drain: 240 }
  : { smtpAt: 20, smtpFor: 300, pgAt: 60, pgFor: 60, redisAt: 150, kills: [40, 180, 240], loadFor: 330, drain: 600 };

const started = Date.now();
const say = (line: string) => console.log(`[chaos ${String(Math.round((Date.now() - started) / S)).padStart(4)}s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const at = (seconds: number, act: () => Promise<unknown>) => sleep(seconds * S).then(act);

async function faults(world: World): Promise<void> {
  await Promise.all([
    at(PLAN.smtpAt, async () => {
      await world.smtp.stop();
      say(`SMTP server down for ${PLAN.smtpFor} s`);
      await sleep(PLAN.smtpFor * S);
      await world.smtp.start();
      say('SMTP server back');
    }),
    at(PLAN.pgAt, async () => {
      await world.pg.stop('immediate');
      say(`Postgres down (immediate stop) for ${PLAN.pgFor} s`);
      await sleep(PLAN.pgFor * S);
      await world.pg.start();
      say('Postgres back');
    }),
    at(PLAN.redisAt, async () => {
      await world.redis.restart();
      say('Redis restarted without persistence: every job and schedule gone');
    }),
    ...PLAN.kills.map((t, i) => at(t, async () => {
      const victims = i === PLAN.kills.length - 1 ? world.workers : [world.workers[i % 2]!];
      victims.forEach((w) => w.kill());
      say(`SIGKILLed ${victims.map((w) => w.name).join(' and ')}`);
      await sleep(5 * S);
      victims.forEach((w) => w.start());
      say(`restarted ${victims.map((w) => w.name).join(' and ')}`);
    })),
  ]);
}

function report(v: Verdict, world: World): void {
  const list = (items: string[]) => items.slice(0, 10).map((line) => `    ${line}`).join('\n') + (items.length > 10 ? `\n    … and ${items.length - 10} more` : '');
  console.log(`\nworker settings: ${Object.entries(world.env).filter(([k]) => /RETRY|LEASE|LOCK|REDRIVE/.test(k)).map(([k, val]) => `${k}=${val}`).join(' ')}`);
  console.log(`transfers: ${v.completed} completed, refused for business reasons: ${JSON.stringify(v.refused)}`);
  console.log(`messages:  ${v.messages.events} events, ${v.messages.messages} messages recorded`);
  console.log(`ledger invariants: ${v.invariants.length === 0 ? 'all hold' : `${v.invariants.length} broken\n${list(v.invariants)}`}`);
  console.log(`\nlost ${v.lost.length}   duplicated ${v.duplicated.length}   stuck ${v.stuck.length}`);
  for (const [name, items] of [['lost', v.lost], ['duplicated', v.duplicated], ['stuck', v.stuck]] as const) if (items.length) console.log(`  ${name}:\n${list(items)}`);
}

const world = await buildWorld(say);
let exitCode = 1;
try {
  const tenants = await seedTenants(world.db, 3, 8);
  const load = startLoad(world.db, { db: world.db, temporal: world.temporal, taskQueue: world.taskQueue }, tenants, { transferMs: 250, billingMs: 400 });
  say(`load running: ${tenants.length} enterprises of ${tenants[0]!.members.length} members`);
  await Promise.all([faults(world), sleep(PLAN.loadFor * S).then(() => load.stop())]);
  const { tally } = load;
  say(`load stopped: ${tally.accepted.length} transfers accepted (${tally.transfersUnavailable} not), ${tally.billingPosted} billing posts (${tally.billingUnavailable} refused while Postgres was down)`);
  let verdict = await judge(world.db, world.temporal, tally, world.smtp.received, tenants.map((t) => t.id));
  for (const deadline = Date.now() + PLAN.drain * S; verdict.stuck.length > 0 && Date.now() < deadline;) {
    say(`draining: ${verdict.stuck.length} unfinished`);
    await sleep(15 * S);
    verdict = await judge(world.db, world.temporal, tally, world.smtp.received, tenants.map((t) => t.id));
  }
  report(verdict, world);
  exitCode = verdict.lost.length + verdict.duplicated.length + verdict.stuck.length + verdict.invariants.length === 0 ? 0 : 1;
} finally {
  await world.close();
}
process.exit(exitCode);
