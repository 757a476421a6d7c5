/** Turns schema-validation failures into issues a user can read, in their language. */
import type { z } from 'zod';
import type { Language } from '../../../shared/domain/settings';
import { isMessageKey, translate, type MessageKey } from '../../../shared/i18n';
import type { ValidationIssue } from '../../../shared/rpc/errors';

function keyFor(issue: z.core.$ZodIssue): { key: MessageKey; params?: Record<string, string> } {
  if (isMessageKey(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { key: 'validation.required' };
      const expected = `validation.expected.${issue.expected}`;
      return { key: isMessageKey(expected) ? expected : 'validation.invalidValue' };
    }
    case 'too_small':
      return {
        key: issue.origin === 'string' && issue.minimum === 1 ? 'validation.required' : 'validation.tooShort',
      };
    case 'too_big':
      return { key: 'validation.tooLong' };
    case 'unrecognized_keys':
      return { key: 'validation.unknownField', params: { name: issue.keys.join(', ') } };
    default:
      return { key: 'validation.invalidValue' };
  }
}

export function describeIssues(error: z.ZodError, lang: Language): ValidationIssue[] {
  return error.issues.map((issue) => {
    const { key, params } = keyFor(issue);
    return { path: issue.path.map(String).join('.'), message: translate(lang, key, params) };
  });
}

export function summariseIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path} : ${i.message}` : i.message)).join(' ; ');
}
