// The roster file: header optional, comments, quoting, and every kind of bad row reported with its
// line number and reason (and skipped) rather than stopping the class check.
import { describe, expect, it } from '@jest/globals';
import { parseRoster, splitCsvLine } from '../../src/roster/parse.js';

describe('parseRoster', () => {
  it('reads name,endpoint rows with or without a header, skipping comments and blank lines', () => {
    const withHeader = parseRoster('\uFEFFName,Endpoint\r\n# room B\r\n\r\naiko, http://10.0.0.12:4566/ \r\nben,192.168.1.20:4566\r\n');
    expect(withHeader).toEqual({
      learners: [
        { name: 'aiko', endpoint: 'http://10.0.0.12:4566', line: 4 },
        { name: 'ben', endpoint: 'http://192.168.1.20:4566', line: 5 },
      ],
      rejected: [],
    });
    expect(parseRoster('田中 太郎,http://localhost:4566').learners).toEqual([{ name: '田中 太郎', endpoint: 'http://localhost:4566', line: 1 }]);
  });

  it('reports each bad row with its line and reason and keeps the good ones', () => {
    const roster = parseRoster(
      [
        'name,endpoint',
        'aiko,http://10.0.0.12:4566',
        'ben',
        ',http://10.0.0.13:4566',
        'chika,',
        'dai,ftp://10.0.0.14',
        'eri,http://[bad',
        'aiko,http://10.0.0.15:4566',
        'fumi,https://lambda.us-east-1.amazonaws.com',
        '"gen, jr,http://10.0.0.16:4566',
        'hana,http://10.0.0.17:4566,extra',
        'name,endpoint',
      ].join('\n'),
    );
    expect(roster.learners.map((l) => l.name)).toEqual(['aiko']);
    expect(roster.rejected.map((r) => [r.line, r.reason.en])).toEqual([
      [3, 'expected 2 fields (name,endpoint), found 1'],
      [4, 'the name is empty'],
      [5, 'the endpoint is empty'],
      [6, '"ftp://10.0.0.14" must be an http:// or https:// URL'],
      [7, '"http://[bad" is not a URL (use e.g. http://localhost:4566)'],
      [8, 'the name "aiko" is already used on line 2'],
      [9, 'https://lambda.us-east-1.amazonaws.com is not a local endpoint (it may be real AWS); pass --allow-aws if you mean it'],
      [10, 'a quoted field is not closed'],
      [11, 'expected 2 fields (name,endpoint), found 3'],
      // A header is only a header on the first row.
      [12, 'a header row belongs only on the first row'],
    ]);
    expect(roster.rejected[0].text).toBe('ben');
    expect(roster.rejected.every((r) => r.reason.ja.length > 0)).toBe(true);
  });

  it('accepts a non-local endpoint with --allow-aws', () => {
    expect(parseRoster('fumi,https://lambda.us-east-1.amazonaws.com', { allowAws: true }).learners).toHaveLength(1);
  });

  it('gives nothing to check for an empty or comment-only roster', () => {
    expect(parseRoster('# nobody\n\n')).toEqual({ learners: [], rejected: [] });
  });
});

describe('splitCsvLine', () => {
  it('honours quotes and doubled quotes', () => {
    expect(splitCsvLine('"Brown, Ben",http://x')).toEqual(['Brown, Ben', 'http://x']);
    expect(splitCsvLine('"say ""hi""",b')).toEqual(['say "hi"', 'b']);
    expect(splitCsvLine('"open,b')).toBeUndefined();
  });
});
