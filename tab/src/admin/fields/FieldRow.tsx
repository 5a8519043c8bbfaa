import { Badge, Button, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUndoRegular, ArrowUpRegular, ArchiveRegular, EditRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDefinitionData } from '../../api/types';

export type Move = 'up' | 'down';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  retired: { backgroundColor: tokens.colorNeutralBackground3 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  title: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  meta: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXXS },
});

export interface FieldRowProps {
  field: FieldDefinitionData;
  label: string;
  first: boolean;
  last: boolean;
  /** The up and down buttons, so the list can give them focus back after a move. */
  moveButtonRef(move: Move, button: HTMLButtonElement | null): void;
  onMove(move: Move): void;
  onEdit(): void;
  onRetire(): void;
  onRestore(): void;
}

/** One custom field in the admin list: what it is, its switches, and what the admin can do with it. */
export function FieldRow({ field, label, first, last, moveButtonRef, onMove, onEdit, onRetire, onRestore }: FieldRowProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const retired = field.retiredAt !== null;
  const type = t(`customFields.type.${field.type}`);
  const action = (name: string, icon: ReactElement, onClick: () => void, extra: { disabled?: boolean; ref?: (b: HTMLButtonElement | null) => void } = {}) => (
    <Tooltip content={t(`admin.fields.${name}`, { label })} relationship="label">
      {/* Focusable while disabled: the button just pressed stays focused when its row reaches the end. */}
      <Button appearance="subtle" icon={icon} onClick={onClick} disabledFocusable={extra.disabled} ref={extra.ref} />
    </Tooltip>
  );
  return (
    <li className={retired ? `${styles.row} ${styles.retired}` : styles.row} aria-label={label}>
      <div className={styles.body}>
        <span className={styles.title}>
          <Text weight="semibold">{label}</Text>
          {retired && <Badge appearance="outline" color="subtle">{t('admin.fields.retired')}</Badge>}
        </span>
        <Text size={200} className={styles.meta}>
          {[field.ident, field.type === 'dropdown' ? `${type}: ${field.options.join(', ')}` : type].join(' · ')}
        </Text>
        <span className={styles.badges}>
          {field.visibleInPanel && <Badge appearance="tint" color="brand">{t('admin.fields.inPanel')}</Badge>}
          {field.editable && <Badge appearance="tint" color="brand">{t('admin.fields.editable')}</Badge>}
          {field.visibleOnCard && <Badge appearance="tint" color="brand">{t('admin.fields.onCard')}</Badge>}
        </span>
      </div>
      <div className={styles.actions}>
        {action('moveUp', <ArrowUpRegular />, () => onMove('up'), { disabled: first, ref: (b) => moveButtonRef('up', b) })}
        {action('moveDown', <ArrowDownRegular />, () => onMove('down'), { disabled: last, ref: (b) => moveButtonRef('down', b) })}
        {action('edit', <EditRegular />, onEdit)}
        {retired ? action('restore', <ArrowUndoRegular />, onRestore) : action('retire', <ArchiveRegular />, onRetire)}
      </div>
    </li>
  );
}
