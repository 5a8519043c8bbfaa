import { CrmError, type CrmRecordRef, type CrmRecordType } from '../connector';
import { text, type Row } from './row';
import type { TableApi } from './table-api';
import { isSysId, type TableMapping, type Tables } from './tables';

/**
 * Relates-to in ServiceNow (CRM-5): a second record is written into the matching reference field
 * of a record (a consumer into the case's Consumer field). One field per type, so a record of the
 * same type replaces the relation and a record of another type adds one beside it.
 */
export class RelatesTo {
  constructor(private readonly api: TableApi, private readonly tables: Tables) {}

  /** What the record is related to now: one ref per filled reference field. */
  async relations(record: CrmRecordRef): Promise<CrmRecordRef[]> {
    const mapping = this.tables.require(record.type);
    const row = isSysId(record.id) ? await this.api.get(mapping.table, record.id, referenceFields(mapping)) : null;
    if (!row) throw new CrmError('not_found', `ServiceNow has no ${record.type} ${record.id}`);
    return relationsOf(mapping, row);
  }

  async relate(record: CrmRecordRef, other: CrmRecordRef): Promise<CrmRecordRef[]> {
    if (!isSysId(other.id)) throw new CrmError('rejected', `"${other.id}" is not a ServiceNow sys_id (${other.type})`);
    return this.write(record, other.type, other.id);
  }

  async unrelate(record: CrmRecordRef, type: CrmRecordType): Promise<CrmRecordRef[]> {
    return this.write(record, type, ''); // an empty reference clears the field
  }

  private async write(record: CrmRecordRef, type: CrmRecordType, value: string): Promise<CrmRecordRef[]> {
    const mapping = this.tables.require(record.type);
    const field = mapping.references[type];
    if (!field) throw new CrmError('rejected', `a ServiceNow ${record.type} has no field for a ${type}`);
    if (!isSysId(record.id)) throw new CrmError('not_found', `ServiceNow has no ${record.type} ${record.id}`);
    const row = await this.api.update(mapping.table, record.id, { [field]: value }, referenceFields(mapping));
    return relationsOf(mapping, row);
  }
}

function referenceFields(mapping: TableMapping): string[] {
  return ['sys_id', ...Object.values(mapping.references)];
}

export function relationsOf(mapping: TableMapping, row: Row): CrmRecordRef[] {
  return Object.entries(mapping.references)
    .map(([type, field]) => ({ type, id: text(row, field) }))
    .filter((ref) => ref.id !== '');
}
