import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitLayout, HANDLE, LIST, SIDEBAR, type LayoutPrefs } from './layout';

const prefs = (over: Partial<LayoutPrefs> = {}): LayoutPrefs => ({
  sidebarWidth: 250,
  listWidth: 340,
  sidebarCollapsed: false,
  listCollapsed: false,
  ...over,
});
const used = (f: ReturnType<typeof fitLayout>) =>
  f.sidebar + f.list + (f.sidebar ? HANDLE : 0) + (f.list ? HANDLE : 0);

describe('fitLayout', () => {
  it('keeps the remembered sizes when they fit', () => {
    expect(fitLayout(prefs(), 1600, false)).toEqual({
      sidebar: 250,
      list: 340,
      sidebarHidden: false,
      listHidden: false,
    });
  });

  it('at 900 px both panes give way in proportion and the editor keeps half', () => {
    const f = fitLayout(prefs(), 900, false);
    expect(f.sidebar).toBeGreaterThanOrEqual(SIDEBAR.min);
    expect(f.list).toBeGreaterThanOrEqual(LIST.min);
    expect(f.sidebar).toBeLessThan(250);
    expect(f.list).toBeLessThan(340);
    expect(900 - used(f)).toBe(450);
  });

  it('hides the sidebar when even the minimums do not fit, and shows nothing in focus mode', () => {
    expect(fitLayout(prefs(), 700, false).sidebarHidden).toBe(true);
    expect(fitLayout(prefs(), 1600, true)).toEqual({
      sidebar: 0,
      list: 0,
      sidebarHidden: true,
      listHidden: true,
    });
  });

  it('for any window and any remembered sizes, the editor keeps at least half the width', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 320, max: 4000 }),
        fc.integer({ min: SIDEBAR.min, max: SIDEBAR.max }),
        fc.integer({ min: LIST.min, max: LIST.max }),
        fc.boolean(),
        fc.boolean(),
        (width, sidebarWidth, listWidth, sidebarCollapsed, listCollapsed) => {
          const f = fitLayout({ sidebarWidth, listWidth, sidebarCollapsed, listCollapsed }, width, false);
          expect(f.sidebar).toBeGreaterThanOrEqual(0);
          expect(f.list).toBeGreaterThanOrEqual(0);
          expect(width - used(f)).toBeGreaterThanOrEqual(Math.ceil(width / 2));
          if (sidebarCollapsed) expect(f.sidebar).toBe(0);
          if (listCollapsed) expect(f.list).toBe(0);
          // Never wider than asked for.
          expect(f.sidebar).toBeLessThanOrEqual(sidebarWidth);
          expect(f.list).toBeLessThanOrEqual(listWidth);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
