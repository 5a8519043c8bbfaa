import type { CrmConnectionSettings, CrmConnector } from './connector';
import { DynamicsConnector } from './dynamics/dynamics-connector';
import { SalesforceConnector } from './salesforce/salesforce-connector';
import { ServiceNowConnector } from './servicenow/servicenow-connector';

type Factory = (settings: CrmConnectionSettings) => CrmConnector;

/** The vendor connectors by kind. */
const CONNECTOR_FACTORIES: Record<CrmConnectionSettings['kind'], Factory> = {
  salesforce: (settings) => new SalesforceConnector(settings),
  dynamics: (settings) => new DynamicsConnector(settings),
  servicenow: (settings) => new ServiceNowConnector(settings),
};

export function createConnector(settings: CrmConnectionSettings): CrmConnector {
  return CONNECTOR_FACTORIES[settings.kind](settings);
}
