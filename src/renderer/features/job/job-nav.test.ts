import { describe, expect, it } from 'vitest';
import { JOB_SECTIONS, sectionForShortcut } from './JobNav';

const key = (
  code: string,
  mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {},
) => ({
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  code,
  ...mods,
});

describe('step shortcuts', () => {
  it('Alt+digit goes to the step numbered so in the menu, whatever the keyboard layout types', () => {
    expect(sectionForShortcut(key('Digit0', { altKey: true }))).toBe('overview');
    expect(sectionForShortcut(key('Digit6', { altKey: true }))).toBe('order-forms');
    expect(sectionForShortcut(key('Numpad4', { altKey: true }))).toBe('labeling');
    expect(JOB_SECTIONS.findIndex((s) => s.id === 'order-forms')).toBe(6);
    // The order book comes after publishing (online orders arrive) and before production.
    expect(sectionForShortcut(key('Digit8', { altKey: true }))).toBe('orders');
    expect(sectionForShortcut(key('Digit9', { altKey: true }))).toBe('production');
  });

  it('leaves plain digits (labeling marks), Ctrl/Meta combinations and unknown steps alone', () => {
    expect(sectionForShortcut(key('Digit6'))).toBeNull();
    expect(sectionForShortcut(key('Digit6', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(sectionForShortcut(key('Digit6', { altKey: true, metaKey: true }))).toBeNull();
    expect(JOB_SECTIONS).toHaveLength(10);
    expect(sectionForShortcut(key('KeyK', { altKey: true }))).toBeNull();
  });
});
