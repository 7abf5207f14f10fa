import { describe, expect, it } from 'vitest';
import { isEmail, isPhone, parseContacts, sameContacts } from '../../domain/contacts';
import { CsvSyntaxError, readCsv } from '../../domain/csv-reader';
import { parseExternalId, parseName } from '../../domain/directory';

describe('directory input rules', () => {
  it('accepts e-mail addresses of real shape only', () => {
    for (const ok of ['li.na@acme.example', 'ops+alerts@corp.co.uk', "o'brien@x.io"]) expect(isEmail(ok), ok).toBe(true);
    for (const bad of ['', 'a@b', 'a@b.c', 'no-at.example', 'two@@acme.example', 'sp ace@acme.example', 'a@-acme.example', `${'x'.repeat(250)}@a.cn`]) {
      expect(isEmail(bad), bad).toBe(false);
    }
  });

  it('accepts E.164 numbers and 11-digit mainland China mobiles', () => {
    for (const ok of ['+8613800000000', '+442071838750', '13800000000', '19912345678']) expect(isPhone(ok), ok).toBe(true);
    for (const bad of ['12800000000', '1380000000', '138000000000', '+0861380000', '+1234567', '138 0000 0000', '+86-138-0000-0000']) {
      expect(isPhone(bad), bad).toBe(false);
    }
  });

  it('infers the channel, defaults the events to all, and compares contact lists regardless of order and case', () => {
    const contacts = parseContacts([{ address: ' ops@acme.example ' }, { address: '13800000000', events: ['credit', 'low_balance'] }]);
    expect(contacts).toEqual([
      { channel: 'email', address: 'ops@acme.example', events: ['low_balance', 'account_stopped', 'credit', 'transfers'] },
      { channel: 'sms', address: '13800000000', events: ['low_balance', 'credit'] },
    ]);
    expect(sameContacts(contacts, [{ ...contacts[1]!, events: ['credit', 'low_balance'] }, { ...contacts[0]!, address: 'OPS@acme.example' }])).toBe(true);
    expect(sameContacts(contacts, [contacts[0]!])).toBe(false);
    expect(() => parseContacts(Array.from({ length: 21 }, (_, i) => ({ address: `a${i}@acme.example` })))).toThrow(/at most 20/);
  });

  it('keeps names to 1–200 characters without control characters, and external ids unpadded', () => {
    expect(parseName('  Acme  ')).toBe('Acme');
    expect(parseName('x'.repeat(200))).toHaveLength(200);
    expect(() => parseName('x'.repeat(201))).toThrow('name: must be 1 to 200 characters (got 201)');
    expect(() => parseName('a\u0000b', 'ma.name')).toThrow('ma.name: must not contain control characters');
    expect(parseExternalId('')).toBeNull();
    expect(() => parseExternalId(' x')).toThrow(/spaces/);
  });

  it('reads CSV with quotes, doubled quotes, line breaks inside fields, CRLF, a BOM and blank lines', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""",\r\n\r\n"two\nlines",2,3\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', ''] },
      { line: 4, fields: ['two\nlines', '2', '3'] },
    ]);
    expect(() => readCsv('a,b\n"open,2\n')).toThrow(CsvSyntaxError);
    expect(() => readCsv('a,"b"c\n')).toThrow(/must end at a comma/);
  });
});
