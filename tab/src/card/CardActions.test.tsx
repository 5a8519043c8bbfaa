import { ArrowClockwiseRegular, DeleteRegular, EditRegular, MergeRegular } from '@fluentui/react-icons';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp } from '../test-utils';
import { CardActions, type CardAction } from './CardActions';

const actions = (onSelect: (id: string) => void): CardAction[] => [
  { id: 'refresh', label: 'Refresh', icon: <ArrowClockwiseRegular />, onSelect: () => onSelect('refresh') },
  { id: 'edit', label: 'Edit contact', icon: <EditRegular />, onSelect: () => onSelect('edit') },
  { id: 'merge', label: 'Merge', icon: <MergeRegular />, onSelect: () => onSelect('merge'), labelled: true },
  { id: 'delete', label: 'Delete contact', icon: <DeleteRegular />, onSelect: () => onSelect('delete') },
];

/** jsdom has no layout: the row's width and each button's are given, as a narrow panel would measure them. */
function measureAs({ row, button }: { row: number; button: number }) {
  jest.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(row);
  jest.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(button);
}

/** Fluent hides an overflowing item with CSS, which jsdom does not apply; its data-overflowing attribute says so. */
const shownButtons = () => screen.getAllByRole('button').filter((b) => !b.hasAttribute('data-overflowing'));

describe('CardActions', () => {
  afterEach(() => jest.restoreAllMocks());

  it('with room for all, each action is a named button in order, and there is no "More actions"', async () => {
    measureAs({ row: 600, button: 32 });
    const selected = jest.fn();
    await renderInApp(<CardActions actions={actions(selected)} />);
    expect(screen.queryByRole('button', { name: 'More actions' })).not.toBeInTheDocument();
    expect(shownButtons().map((b) => b.getAttribute('aria-label') ?? b.textContent)).toEqual(['Refresh', 'Edit contact', 'Merge', 'Delete contact']);
    await userEvent.click(screen.getByRole('button', { name: 'Merge' }));
    expect(selected).toHaveBeenCalledWith('merge');
  });

  it('in a narrow panel, the actions that do not fit are named items of a "More actions" menu, chosen by keyboard', async () => {
    measureAs({ row: 100, button: 32 }); // room for one button beside the menu button
    const selected = jest.fn();
    await renderInApp(<CardActions actions={actions(selected)} />);
    const more = await screen.findByRole('button', { name: 'More actions' });
    expect(shownButtons().map((b) => b.getAttribute('aria-label'))).toEqual(['Refresh', 'More actions']);

    more.focus();
    await userEvent.keyboard('{Enter}');
    const menu = await screen.findByRole('menu');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['Edit contact', 'Merge', 'Delete contact']);
    items.forEach((item) => expect(item.querySelector('svg')).not.toBeNull()); // each with its icon
    // Moving between items needs layout (the Chromium test, test/e2e/card-header.test.ts); Enter chooses one.
    items[2]!.focus();
    await userEvent.keyboard('{Enter}');
    expect(selected).toHaveBeenCalledWith('delete');
  });
});
