import { storedValue, useStoredValue } from '../../ui/stored-value';
import { useWindowWidth } from '../../ui/use-window-width';

/** Pane sizes and what is collapsed: remembered across launches. */
export type LayoutPrefs = {
  sidebarWidth: number;
  listWidth: number;
  sidebarCollapsed: boolean;
  listCollapsed: boolean;
};

export const SIDEBAR = { min: 160, max: 480, initial: 250 } as const;
export const LIST = { min: 220, max: 640, initial: 340 } as const;
/** Width of a drag handle between panes. */
export const HANDLE = 6;

const DEFAULTS: LayoutPrefs = {
  sidebarWidth: SIDEBAR.initial,
  listWidth: LIST.initial,
  sidebarCollapsed: false,
  listCollapsed: false,
};

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));

function parsePrefs(raw: unknown): LayoutPrefs | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const num = (v: unknown, lo: number, hi: number, d: number) =>
    typeof v === 'number' && Number.isFinite(v) ? clamp(v, lo, hi) : d;
  return {
    sidebarWidth: num(r.sidebarWidth, SIDEBAR.min, SIDEBAR.max, DEFAULTS.sidebarWidth),
    listWidth: num(r.listWidth, LIST.min, LIST.max, DEFAULTS.listWidth),
    sidebarCollapsed: r.sidebarCollapsed === true,
    listCollapsed: r.listCollapsed === true,
  };
}

export const layoutPrefs = storedValue<LayoutPrefs>('dossier-layout', DEFAULTS, parsePrefs);

/** Focus mode (only the editor) lasts for the session, not across launches. */
export const focusMode = storedValue<boolean>(
  'dossier-focus',
  false,
  (raw) => (typeof raw === 'boolean' ? raw : undefined),
  () => sessionStorage,
);

export function setSidebarWidth(px: number): void {
  layoutPrefs.set((p) => ({
    ...p,
    sidebarWidth: clamp(px, SIDEBAR.min, SIDEBAR.max),
    sidebarCollapsed: false,
  }));
}
export function setListWidth(px: number): void {
  layoutPrefs.set((p) => ({ ...p, listWidth: clamp(px, LIST.min, LIST.max), listCollapsed: false }));
}
export function toggleSidebar(): void {
  layoutPrefs.set((p) => ({ ...p, sidebarCollapsed: !p.sidebarCollapsed }));
}
export function toggleList(): void {
  layoutPrefs.set((p) => ({ ...p, listCollapsed: !p.listCollapsed }));
}

/** Pixel widths actually used for one window width. */
export type FittedLayout = { sidebar: number; list: number; sidebarHidden: boolean; listHidden: boolean };

/**
 * Fits the remembered sizes into the window so the editor keeps at least half of it: sidebar and list give
 * way in proportion (each down to its minimum); if both minimums still do not fit, the sidebar is hidden
 * (it can still be opened, which hides the list instead).
 */
export function fitLayout(prefs: LayoutPrefs, windowWidth: number, focus: boolean): FittedLayout {
  if (focus) return { sidebar: 0, list: 0, sidebarHidden: true, listHidden: true };
  let sidebar = prefs.sidebarCollapsed ? 0 : prefs.sidebarWidth;
  let list = prefs.listCollapsed ? 0 : prefs.listWidth;
  const handles = (sidebar ? HANDLE : 0) + (list ? HANDLE : 0);
  const budget = Math.max(0, Math.floor(windowWidth / 2) - handles);
  let over = sidebar + list - budget;
  if (over > 0 && sidebar && list) {
    // Both give way in proportion to their size, each down to its minimum.
    const total = sidebar + list;
    const nextSidebar = Math.max(SIDEBAR.min, Math.floor(sidebar - (over * sidebar) / total));
    const nextList = Math.max(LIST.min, list - (over - (sidebar - nextSidebar)));
    over -= sidebar - nextSidebar + (list - nextList);
    sidebar = nextSidebar;
    list = nextList;
  }
  if (over > 0 && list) {
    const next = Math.max(LIST.min, list - over);
    over -= list - next;
    list = next;
  }
  if (over > 0 && sidebar) {
    const next = Math.max(SIDEBAR.min, sidebar - over);
    over -= sidebar - next;
    sidebar = next;
  }
  if (over > 0) {
    // Both at their minimum and still too wide: drop one pane rather than squeeze the editor.
    if (sidebar && list) sidebar = 0;
    else if (sidebar) sidebar = Math.max(0, budget);
    else list = Math.max(0, budget);
    const room = Math.max(0, Math.floor(windowWidth / 2) - HANDLE);
    if (sidebar) sidebar = Math.min(sidebar, room);
    if (list) list = Math.min(list, room);
  }
  return { sidebar, list, sidebarHidden: sidebar === 0, listHidden: list === 0 };
}

/** CSS grid columns for a pane of `px` (0 = hidden), its handle, and the rest. */
export function gridColumns(px: number, hidden: boolean): string {
  return hidden ? 'minmax(0, 1fr)' : `${px}px ${HANDLE}px minmax(0, 1fr)`;
}

/** The layout for the current window: fitted widths plus the grid columns of the window and the workspace. */
export function useFittedLayout(): {
  fit: FittedLayout & { appColumns: string; workspaceColumns: string };
  focus: boolean;
} {
  const prefs = useStoredValue(layoutPrefs);
  const focus = useStoredValue(focusMode);
  const fit = fitLayout(prefs, useWindowWidth(), focus);
  return {
    focus,
    fit: {
      ...fit,
      // The sidebar's handle sits inside its landmark, so the window has two columns.
      appColumns: fit.sidebarHidden ? 'minmax(0, 1fr)' : `${fit.sidebar + HANDLE}px minmax(0, 1fr)`,
      workspaceColumns: gridColumns(fit.list, fit.listHidden),
    },
  };
}
