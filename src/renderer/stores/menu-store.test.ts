import { describe, expect, it } from 'vitest';
import { useMenuStore } from './menu-store';

describe('menu commands chosen away from the home screen', () => {
  it('are acted on once, by the next home screen', () => {
    expect(useMenuStore.getState().take()).toBeNull();
    useMenuStore.getState().request('job.new');
    useMenuStore.getState().request('job.open');
    expect(useMenuStore.getState().take()).toBe('job.open');
    expect(useMenuStore.getState().take()).toBeNull();
  });
});
