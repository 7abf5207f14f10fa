/**
 * The project's own documentation stays true to the code: every metric uam exports is described in
 * docs/metrics.md (and nothing there names a metric that is gone), and every relative link in README.md and
 * docs/*.md leads to a file of this repository — and, for a heading anchor, to a heading that exists.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { repoFile, repoRoot } from '../core/files';
import { registry } from '../core/metrics';

const read = (path: string) => readFileSync(path, 'utf8');

/** prom-client's own process and Node.js metrics, under uam's prefix: described as a group, not one by one. */
function defaultMetricNames(): Set<string> {
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults, prefix: 'uam_' });
  return new Set(defaults.getMetricsAsArray().map((m) => m.name));
}

/** The Markdown files whose links are checked: the README and everything in docs/. */
const markdownFiles = (): string[] => [
  repoFile('README.md'),
  ...readdirSync(repoFile('docs')).filter((name) => name.endsWith('.md')).map((name) => repoFile('docs', name)),
];

/** Fenced code blocks hold examples and diagrams, not links. */
const withoutCode = (text: string) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** Inline links and images: [text](target "title") → target. */
const linksOf = (text: string): string[] =>
  [...withoutCode(text).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

function anchorsOf(markdownPath: string): Set<string> {
  const headings = [...withoutCode(read(markdownPath)).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => slug(m[1]!));
  const seen = new Map<string, number>();
  return new Set(headings.map((s) => {
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    return n === 0 ? s : `${s}-${n}`;
  }));
}

describe('docs/metrics.md', () => {
  const text = read(repoFile('docs', 'metrics.md'));
  const defaults = defaultMetricNames();
  const exported = registry.getMetricsAsArray().map((m) => m.name);

  it('describes every metric uam defines', () => {
    const own = exported.filter((name) => name.startsWith('uam_') && !defaults.has(name));
    expect(own.length).toBeGreaterThan(10);
    expect(own.filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
  });

  it('names no uam_ metric that uam does not export', () => {
    // The page also names the ledger's SQL functions (uam_transfer, …): the `operation` label's values.
    const functions = readdirSync(repoFile('db', 'sql')).flatMap((file) =>
      [...read(repoFile('db', 'sql', file)).matchAll(/CREATE FUNCTION (uam_\w+)/g)].map((m) => m[1]!));
    const known = new Set([...exported, ...functions]);
    const named = [...text.matchAll(/\buam_[a-z0-9_]+\b/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(10);
    expect([...new Set(named.filter((name) => !known.has(name)))]).toEqual([]);
  });
});

describe('links in README.md and docs/', () => {
  const files = markdownFiles();

  it('lead to files inside this repository', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const link of linksOf(read(file))) {
        if (isExternal(link) || link.startsWith('#')) continue;
        checked++;
        const target = resolve(dirname(file), decodeURIComponent(link.replace(/[?#].*$/, '')));
        const inside = relative(repoRoot, target);
        const where = `${relative(repoRoot, file)}: ${link}`;
        if (inside.startsWith('..') || isAbsolute(inside)) broken.push(`${where} (outside the repository)`);
        else if (!existsSync(target)) broken.push(`${where} (no such file)`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  it('lead to headings that exist, when they name one', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const link of linksOf(read(file))) {
        const hash = link.indexOf('#');
        if (isExternal(link) || hash < 0) continue;
        const path = link.slice(0, hash);
        const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
        if (!target.endsWith('.md') || !existsSync(target) || statSync(target).isDirectory()) continue;
        if (!anchorsOf(target).has(decodeURIComponent(link.slice(hash + 1)))) broken.push(`${relative(repoRoot, file)}: ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

// Kept in step with the README: it links docs/, never a path outside the repository (checked above).
it('the README links every document in docs/', () => {
  const readme = read(repoFile('README.md'));
  const docs = readdirSync(repoFile('docs')).filter((name) => name.endsWith('.md'));
  expect(docs.filter((name) => !linksOf(readme).includes(join('docs', name)))).toEqual([]);
});
