import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ApiClient } from './api/client';
import type { Feature, OutboundChannel, Permission } from './api/types';
import { AppContext } from './AppContext';
import type { Host } from './host/host';
import { initI18n } from './i18n/i18n';

export const testHost: Host = {
  kind: 'browser',
  theme: 'default',
  locale: 'en-US',
  getToken: async () => null,
  onThemeChange: () => undefined,
};

/** Renders a component as the tab does: translations, Fluent theme and the app's services. */
export async function renderInApp(
  ui: ReactElement,
  options: { locale?: string; api?: Partial<ApiClient>; host?: Partial<Host>; denied?: Permission[]; switchedOff?: Feature[]; userId?: string; outbound?: Partial<Record<OutboundChannel, boolean>> } = {},
) {
  const host = { ...testHost, locale: options.locale ?? testHost.locale, ...options.host };
  const i18n = await initI18n(host.locale);
  const api = Object.assign(new ApiClient(host), options.api);
  return render(
    <I18nextProvider i18n={i18n}>
      <FluentProvider theme={teamsLightTheme}>
        <AppContext.Provider value={{ api, host, userId: options.userId ?? 'dev-user', outbound: { sms: true, email: true, ...options.outbound }, locale: host.locale, can: (p) => !options.denied?.includes(p), enabled: (f) => !options.switchedOff?.includes(f) }}>
          {ui}
        </AppContext.Provider>
      </FluentProvider>
    </I18nextProvider>,
  );
}
