import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvNumber, neutralizeCell, toCsv } from './csv';

describe('CSV cells a spreadsheet cannot run', () => {
  it('puts an apostrophe before text that could start a formula, and nothing before plain text', () => {
    for (const payload of [
      "=cmd|' /C calc'!A0",
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '\r=1+1',
      '  =1+1',
      '＝1+1',
    ])
      expect(neutralizeCell(payload)).toBe(`'${payload}`);
    for (const plain of ['Zoé Łukasiewicz', "N'Diaye", 'CP A', '12,50', 'a=b', ''])
      expect(neutralizeCell(plain)).toBe(plain);
  });

  it('keeps numbers as numbers, negative ones included, and neutralises a « number » that is not one', () => {
    const csv = toCsv(
      [
        [-3, csvNumber('-12,50'), csvNumber('0,00'), 1.5],
        [Number.NaN, csvNumber('-1+cmd'), null, undefined],
      ],
      { columns: ['a', 'b', 'c', 'd'], bom: false, recordDelimiter: 'unix' },
    );
    expect(csv).toBe("a;b;c;d\n-3;-12,50;0,00;1.5\n;'-1+cmd;;\n");
  });

  it('starts with a byte order mark and ends lines with CRLF by default', () => {
    expect(toCsv([['x']], { columns: ['h'] })).toBe('\uFEFFh\r\nx\r\n');
  });
});

describe('one CSV writer', () => {
  it('is the only module of the app that writes CSV with csv-stringify', () => {
    const src = path.resolve(__dirname, '../..');
    const writers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
      .filter((f) => readFileSync(path.join(src, f), 'utf8').includes("from 'csv-stringify"));
    expect(writers.map((f) => f.split(path.sep).join('/'))).toEqual(['main/lib/csv.ts']);
  });
});
