// CloudWatch filter patterns for unstructured log text.
import { describe, it, expect } from '@jest/globals';
import { compileFilterPattern, UnsupportedFilterPatternError } from '../../src/endpoint/logs/filter-pattern.js';

describe('compileFilterPattern', () => {
  const line = '2026-01-01T00:00:00.000Z\tabc\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"image too large"}';
  it('matches everything when empty', () => {
    expect(compileFilterPattern(undefined)(line)).toBe(true);
    expect(compileFilterPattern('  ')(line)).toBe(true);
  });
  it('needs every plain term, case-sensitively', () => {
    expect(compileFilterPattern('ERROR large')(line)).toBe(true);
    expect(compileFilterPattern('ERROR small')(line)).toBe(false);
    expect(compileFilterPattern('invoke')(line)).toBe(false);
    expect(compileFilterPattern('Invoke')(line)).toBe(true);
  });
  it('treats "quoted phrases" as one term', () => {
    expect(compileFilterPattern('"image too large"')(line)).toBe(true);
    expect(compileFilterPattern('"too image"')(line)).toBe(false);
  });
  it('supports ?any and -excluded terms', () => {
    expect(compileFilterPattern('?WARN ?ERROR')(line)).toBe(true);
    expect(compileFilterPattern('?WARN ?FATAL')(line)).toBe(false);
    expect(compileFilterPattern('ERROR -large')(line)).toBe(false);
    expect(compileFilterPattern('ERROR -timeout')(line)).toBe(true);
  });
  it('refuses JSON and space-delimited patterns with a clear message', () => {
    expect(() => compileFilterPattern('{ $.level = "ERROR" }')).toThrow(UnsupportedFilterPatternError);
    expect(() => compileFilterPattern('[ip, user]')).toThrow(/not supported by the built-in endpoint/);
  });
});
