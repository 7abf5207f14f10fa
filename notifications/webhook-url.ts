import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { UamError } from '../core/errors';

/** Addresses a webhook may not reach in production: loopback, private, link-local, shared, multicast, reserved. */
const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type Resolve = (host: string) => Promise<string[]>;
const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export function isPrivateAddress(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = isIP(address);
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refuse = (reason: string, message: string) => new UamError('WEBHOOK_URL_NOT_ALLOWED', `url: ${message}`, { field: 'url', reason });

/**
 * Checks a webhook URL and returns it normalised. `https:` only — `http:` to loopback is allowed when
 * NODE_ENV=development, for a receiver on the developer's machine — with no credentials in it; in production
 * every address its host resolves to must be public (checked again before each delivery: DNS can change).
 */
export async function checkWebhookUrl(value: unknown, env: 'development' | 'test' | 'production', resolve: Resolve = resolveAll): Promise<string> {
  if (typeof value !== 'string' || value.length > 2000) throw new UamError('VALIDATION_FAILED', 'url: must be a URL of at most 2000 characters', { field: 'url' });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UamError('VALIDATION_FAILED', 'url: not a URL', { field: 'url' });
  }
  if (url.username || url.password) throw refuse('credentials', 'must not carry a user name or password');
  const loopbackHttp = url.protocol === 'http:' && env === 'development' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw refuse('not_https', env === 'development' ? 'must be https: (or http: to localhost)' : 'must be https:');
  }
  if (env === 'production') {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await resolve(host);
    } catch {
      throw refuse('unresolvable', `${url.hostname} does not resolve`);
    }
    const inside = addresses.filter(isPrivateAddress);
    if (addresses.length === 0 || inside.length > 0) throw refuse('private_network', `${url.hostname} is on a private network (${inside.join(', ') || 'no address'})`);
  }
  return url.href;
}
