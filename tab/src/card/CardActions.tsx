import {
  Button, makeStyles, Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger, Overflow, OverflowItem, tokens, Tooltip,
  useIsOverflowItemVisible, useOverflowMenu, useRestoreFocusTarget,
} from '@fluentui/react-components';
import { MoreHorizontalRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';

export interface CardAction {
  id: string;
  /** The action's name: the button's accessible name (and tooltip), the menu item's text. */
  label: string;
  icon: ReactElement;
  onSelect(): void;
  /** Shown with its label as a button, not as an icon only. */
  labelled?: boolean;
  /** Not available right now (e.g. Refresh while refreshing); stays focusable so focus is not lost. */
  busy?: boolean;
}

type RestoreFocusTarget = ReturnType<typeof useRestoreFocusTarget>;

const useStyles = makeStyles({
  // Takes what the name leaves (flex-basis 0) and never less than the "More actions" button.
  actions: {
    display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: tokens.spacingHorizontalXS,
    flex: '1 1 0', minWidth: '32px', overflow: 'hidden',
    '& > *': { flexShrink: 0 },
  },
});

/**
 * The card's actions in one row: as many as fit are buttons, the rest are in a "More actions" menu,
 * so in a narrow side panel the contact's name keeps its room (issue #16). The last actions
 * overflow first; the keyboard order stays the row's order, with the menu button last.
 */
export function CardActions({ actions }: { actions: CardAction[] }) {
  const styles = useStyles();
  // A dialog an action opened gives focus back to the button or menu button that opened it.
  const restoreFocusTarget = useRestoreFocusTarget();
  return (
    // Padding: the gaps between the buttons, which the overflow manager does not measure.
    <Overflow padding={actions.length * 4}>
      <div className={styles.actions}>
        {actions.map((action) => (
          <OverflowItem key={action.id} id={action.id}>
            {actionButton(action, restoreFocusTarget)}
          </OverflowItem>
        ))}
        <MoreActions actions={actions} restoreFocusTarget={restoreFocusTarget} />
      </div>
    </Overflow>
  );
}

/** A plain function, not a component: OverflowItem hands its ref and data attributes to the Button. */
function actionButton(action: CardAction, restoreFocusTarget: RestoreFocusTarget) {
  const button = (
    <Button {...restoreFocusTarget} appearance={action.labelled ? 'secondary' : 'subtle'} icon={action.icon} onClick={action.onSelect} disabledFocusable={action.busy}>
      {action.labelled ? action.label : undefined}
    </Button>
  );
  return action.labelled ? button : <Tooltip content={action.label} relationship="label">{button}</Tooltip>;
}

function MoreActions({ actions, restoreFocusTarget }: { actions: CardAction[]; restoreFocusTarget: RestoreFocusTarget }) {
  const { t } = useTranslation();
  const { ref, isOverflowing } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Tooltip content={t('card.moreActions')} relationship="label">
          <MenuButton {...restoreFocusTarget} ref={ref} appearance="subtle" icon={<MoreHorizontalRegular />} menuIcon={null} />
        </Tooltip>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {actions.map((action) => <OverflowMenuItem key={action.id} action={action} />)}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** An action in the menu while its button does not fit. */
function OverflowMenuItem({ action }: { action: CardAction }) {
  const visible = useIsOverflowItemVisible(action.id);
  if (visible) return null;
  return <MenuItem icon={action.icon} onClick={action.onSelect} disabled={action.busy}>{action.label}</MenuItem>;
}
