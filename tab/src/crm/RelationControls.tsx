import { Button, makeStyles, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, tokens, Tooltip } from '@fluentui/react-components';
import { AddRegular, CheckmarkCircleFilled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ActiveRecordData } from '../api/types';

const useStyles = makeStyles({ related: { color: tokens.colorPaletteGreenForeground1 } });

/** A relation shown as a green icon with its name; pressing it removes the relation (CRM-5). */
export function RelatedButton({ label, onRemove }: { label: string; onRemove(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Tooltip content={t('crm.relatesTo.remove', { name: label })} relationship="label">
      <Button size="small" appearance="subtle" icon={<CheckmarkCircleFilled className={styles.related} />} onClick={onRemove}>
        {label}
      </Button>
    </Tooltip>
  );
}

/** "Relate to": a menu of the records the agent had in hand during the interaction. */
export function RelateMenu({ candidates, onPick }: { candidates: ActiveRecordData[]; onPick(record: ActiveRecordData): void }) {
  const { t } = useTranslation();
  if (candidates.length === 0) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button size="small" appearance="subtle" icon={<AddRegular />}>{t('crm.relatesTo.pick')}</Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {candidates.map((c) => (
            <MenuItem key={`${c.type}:${c.id}`} onClick={() => onPick(c)}>
              {c.name ?? c.id} · {t(`crm.type.${c.type}`, { defaultValue: c.type })}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
