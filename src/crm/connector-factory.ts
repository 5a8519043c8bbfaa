import type { CrmConnectionSettings, CrmConnector } from './connector';
import { ServiceNowConnector } from './servicenow/servicenow-connector';

type Factory = (settings: CrmConnectionSettings) => CrmConnector;

/**
 * The vendor connectors by kind. A kind missing here cannot be connected yet: saving such a
 * connection is refused, so the built-in CRM keeps serving.
 */
export const CONNECTOR_FACTORIES: Partial<Record<CrmConnectionSettings['kind'], Factory>> = {
  servicenow: (settings) => new ServiceNowConnector(settings),
};

export function createConnector(settings: CrmConnectionSettings): CrmConnector | null {
  return CONNECTOR_FACTORIES[settings.kind]?.(settings) ?? null;
}
