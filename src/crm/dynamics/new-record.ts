import { CrmError } from '../connector';
import { isGuid, type EntityDef, type Row } from './entities';

/**
 * The create body for a record from the card's form (CRM-6), fields in our words: name, firstName,
 * lastName, email, phone, company, subject, description. Cases and opportunities may name their
 * customer with contactId or accountId (Dataverse requires a customer on a case).
 */
export function newRecordBody(def: EntityDef, fields: Record<string, string>): Row {
  const f = (key: string) => fields[key]?.trim() || undefined;
  const body: Row = {};
  const set = (column: string, value: string | undefined) => {
    if (value !== undefined) body[column] = value;
  };
  switch (def.type) {
    case 'contact':
    case 'lead': {
      // fullname is computed from firstname and lastname; lastname is the required one.
      const [first, last] = splitName(f('firstName'), f('lastName'), f('name'));
      set('firstname', first);
      set('lastname', last);
      set('emailaddress1', f('email'));
      set('telephone1', f('phone'));
      if (def.type === 'lead') {
        set('companyname', f('company'));
        set('subject', f('subject') ?? f('name') ?? [first, last].filter(Boolean).join(' '));
      }
      break;
    }
    case 'account':
      set('name', f('name') ?? f('company'));
      set('emailaddress1', f('email'));
      set('telephone1', f('phone'));
      break;
    case 'case':
      set('title', f('subject') ?? f('name'));
      bindCustomer(body, fields);
      break;
    case 'opportunity':
      set('name', f('name') ?? f('subject'));
      bindCustomer(body, fields);
      break;
  }
  set('description', f('description'));
  return body;
}

function splitName(first: string | undefined, last: string | undefined, name: string | undefined): [string | undefined, string | undefined] {
  if (first || last) return [first, last];
  if (!name) return [undefined, undefined];
  const space = name.lastIndexOf(' ');
  return space < 0 ? [undefined, name] : [name.slice(0, space), name.slice(space + 1)];
}

/** customerid is polymorphic (account or contact): the navigation property names the table. */
function bindCustomer(body: Row, fields: Record<string, string>): void {
  const contactId = fields.contactId?.trim();
  const accountId = fields.accountId?.trim();
  for (const id of [contactId, accountId]) {
    if (id && !isGuid(id)) throw new CrmError('rejected', 'Dynamics 365 record ids are GUIDs');
  }
  if (contactId) body['customerid_contact@odata.bind'] = `/contacts(${contactId})`;
  else if (accountId) body['customerid_account@odata.bind'] = `/accounts(${accountId})`;
}
