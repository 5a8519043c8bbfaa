import type { CrmConnectionInput } from '../../api/types';

export type CrmKind = CrmConnectionInput['kind'];

/** Product names: the same in every language. */
export const CRM_NAMES: Record<CrmKind, string> = { salesforce: 'Salesforce', dynamics: 'Dynamics 365', servicenow: 'ServiceNow' };
