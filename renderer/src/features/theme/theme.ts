import { useEffect } from 'react';
import { storedValue, useStoredValue } from '../../ui/stored-value';

/** What the user chose; 'system' follows prefers-color-scheme. */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The theme choice, remembered across launches. */
export const themeChoice = storedValue<ThemeChoice>('dossier-theme', 'system', (raw) =>
  THEME_CHOICES.find((c) => c === raw),
);

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The theme actually shown for a choice and the system preference. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** Sets data-theme on <html>; the stylesheet switches its custom properties on it. */
export function applyTheme(choice: ThemeChoice = themeChoice.get()): void {
  document.documentElement.dataset.theme = resolveTheme(choice, darkQuery().matches);
}

/** Keeps <html data-theme> in step with the choice and, for 'system', with the OS setting as it changes. */
export function useThemeSync(): ThemeChoice {
  const choice = useStoredValue(themeChoice);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== 'system') return;
    const mq = darkQuery();
    const onChange = () => applyTheme(choice);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [choice]);
  return choice;
}
