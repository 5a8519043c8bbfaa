import { FluentProvider, makeStyles, Spinner, Toaster, tokens } from '@fluentui/react-components';
import type { i18n } from 'i18next';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { ApiClient } from './api/client';
import type { Feature, Me, Permission } from './api/types';
import { AppContext } from './AppContext';
import type { Host } from './host/host';
import { THEMES } from './theme/themes';
import { TOASTER_ID } from './toaster';
import { ConfigView } from './views/ConfigView';
import { ContactView } from './views/ContactView';
import { DevBanner } from './views/DevBanner';
import { ErrorMessage } from './views/ErrorMessage';
import { InteractionView } from './views/InteractionView';
import { LookupView } from './views/LookupView';
import { SearchView } from './views/SearchView';
import { useAsync, type AsyncState } from './views/useAsync';

// Admins only, and not before a card's first render (the tab's JavaScript budget).
const AdminView = lazy(() => import('./admin/AdminView').then((m) => ({ default: m.AdminView })));

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
  main: { maxWidth: '56rem', margin: '0 auto', padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export interface AppProps {
  host: Host;
  i18n: i18n;
  /** The tab's URL parameters: interactionId, contactId, phone / email (with name) for a lookup, or admin (a settings section). */
  params: URLSearchParams;
  /** The page Teams opens to add the tab to a chat, channel or meeting (/tab/config). */
  configuring?: boolean;
}

export function App({ host, i18n, params, configuring }: AppProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState(host.theme);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  const api = useMemo(() => new ApiClient(host), [host]);
  const me = useAsync(() => api.me(), [api]);
  const services = useMemo(
    () => ({
      api,
      host,
      userId: me.data?.id ?? '',
      outbound: me.data?.outbound ?? { sms: false, email: false },
      locale: host.locale,
      can: (p: Permission) => me.data?.permissions.includes(p) ?? false,
      enabled: (f: Feature) => me.data?.features[f] ?? false,
    }),
    [api, host, me.data],
  );

  return (
    <I18nextProvider i18n={i18n}>
      <FluentProvider theme={THEMES[theme]}>
        <AppContext.Provider value={services}>
          <Toaster toasterId={TOASTER_ID} position="bottom" />
          {/* The page background lives here, not on the provider: Fluent copies provider classes onto portals. */}
          <div className={styles.root}>
            <main className={styles.main}>
              {me.data?.development && <DevBanner name={me.data.name} />}
              {configuring ? <ConfigView /> : <Route params={params} me={me} />}
            </main>
          </div>
        </AppContext.Provider>
      </FluentProvider>
    </I18nextProvider>
  );
}

function Route({ params, me }: { params: URLSearchParams; me: AsyncState<Me> }) {
  const { t } = useTranslation();
  const interactionId = params.get('interactionId');
  const phone = params.get('phone');
  const email = params.get('email');
  const name = params.get('name') ?? undefined;
  const contactId = params.get('contactId');
  const admin = params.get('admin');
  if (interactionId) return <InteractionView interactionId={interactionId} />;
  if (contactId) return <ContactView contactId={contactId} />;
  if (phone) return <LookupView by={{ phone }} name={name} />;
  if (email) return <LookupView by={{ email }} name={name} />;
  if (admin !== null) {
    // The page shows only what the user's permissions allow: it waits for them.
    if (!me.data) return me.error ? <ErrorMessage error={me.error} /> : <Spinner label={t('loading')} />;
    return (
      <Suspense fallback={<Spinner label={t('loading')} />}>
        <AdminView section={admin} />
      </Suspense>
    );
  }
  return <SearchView />;
}
