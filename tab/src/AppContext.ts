import { createContext, useContext } from 'react';
import type { ApiClient } from './api/client';
import type { Feature, OutboundChannel, Permission } from './api/types';
import type { Host } from './host/host';

export interface AppServices {
  api: ApiClient;
  host: Host;
  /** The signed-in user's id: their own notes are theirs to edit. */
  userId: string;
  /** The user's locale, for dates and times. */
  locale: string;
  /** Whether the user may do something; actions they may not take are not offered. */
  can(permission: Permission): boolean;
  /** Which message providers are configured (OUT-1): without one, sending by that channel is not offered. */
  outbound: Record<OutboundChannel, boolean>;
  /** Whether the admin switched a feature on; switched-off features are absent from the UI. */
  enabled(feature: Feature): boolean;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside <AppContext.Provider>');
  return services;
}
