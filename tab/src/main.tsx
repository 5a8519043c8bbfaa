import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectHost } from './host/connect';
import { initI18n, languageFor } from './i18n/i18n';

async function start(): Promise<void> {
  const host = await connectHost();
  const i18n = await initI18n(host.locale);
  document.documentElement.lang = languageFor(host.locale);
  const configuring = window.location.pathname.replace(/\/$/, '').endsWith('/tab/config');
  createRoot(document.getElementById('root')!).render(
    <App host={host} i18n={i18n} params={new URLSearchParams(window.location.search)} configuring={configuring} />,
  );
}

void start();
