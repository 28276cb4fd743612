import { usePreferencesStore, type Theme } from '../stores/preferences';

function apply(theme: Theme) {
  document.documentElement.dataset.theme = theme;
}

/**
 * Keeps `<html data-theme>` in step with the preference, synchronously on change, so components
 * that read the CSS variables (the chart) already see the new theme when they re-render.
 */
export function bindTheme(): void {
  apply(usePreferencesStore.getState().theme);
  usePreferencesStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme) apply(state.theme);
  });
}
