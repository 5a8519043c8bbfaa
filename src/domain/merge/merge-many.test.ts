import { anInteractionEvent, contactOf, ingest } from '../../../test/support/events';
import { refusal } from '../../../test/support/refusal';
import { storeState } from '../../../test/support/store-state';
import { describeEachStore } from '../../../test/support/stores';
import { PERMISSIONS, type Actor } from '../access/permissions';
import { mergeCards } from './merge-cards';
import { mergeMany, previewMergeMany } from './merge-many';
import { previewUndo, undoMerge } from './undo-merge';

const ELINOR: Actor = { id: 'elinor', name: 'Elinor Dashwood', permissions: new Set(PERMISSIONS) };

describeEachStore('merging several cards at once', (store) => {
  /** Edward's call, e-mail and SMS each made a card of their own. */
  async function edwardsThreeCards() {
    const db = store();
    await ingest(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'call', channel: 'voice', contact: { name: 'Edward Ferrars', phone: '+1 803 555 0142', fields: { city: 'Barton' } } }),
      anInteractionEvent('interaction.started', { interactionId: 'mail', channel: 'email', contact: { name: 'Ed Ferrars', email: 'ed@norland.example', fields: { city: 'Norland', tier: 'Gold' } } }),
      anInteractionEvent('interaction.started', { interactionId: 'sms', channel: 'sms', contact: { name: 'E. Ferrars', phone: '+1 803 555 0199', fields: { tier: 'Silver' } } }),
    );
    return { call: (await contactOf(db, 'call'))!, mail: (await contactOf(db, 'mail'))!, sms: (await contactOf(db, 'sms'))! };
  }

  it('previews every card\'s values once, merges them all in one action with the values chosen, and one undo gives all back', async () => {
    const db = store();
    const { call, mail, sms } = await edwardsThreeCards();
    const before = await storeState(db);

    const preview = await previewMergeMany(db, call, [mail, sms], { 'fields.tier': sms });
    expect(preview.cards.map((c) => [c.id, c.interactions])).toEqual([[call, 1], [mail, 1], [sms, 1]]);
    expect(preview.values).toEqual([
      { field: 'name', values: [{ contactId: call, value: 'Edward Ferrars' }, { contactId: mail, value: 'Ed Ferrars' }, { contactId: sms, value: 'E. Ferrars' }], keptFrom: call },
      { field: 'fields.city', values: [{ contactId: call, value: 'Barton' }, { contactId: mail, value: 'Norland' }], keptFrom: call },
      { field: 'fields.tier', values: [{ contactId: mail, value: 'Gold' }, { contactId: sms, value: 'Silver' }], keptFrom: sms },
    ]);
    expect(preview.identifiers.map((i) => i.value).sort()).toEqual(['+18035550142', '+18035550199', 'ed@norland.example']);

    const { groupId, mergeIds } = await mergeMany(db, ELINOR, call, [mail, sms], { name: mail, 'fields.tier': sms });
    const [survivor] = await db.query<{ name: string; fields: Record<string, string> }>('SELECT name, fields FROM contacts WHERE id = $1', [call]);
    expect(survivor).toEqual({ name: 'Ed Ferrars', fields: { city: 'Barton', tier: 'Silver' } });
    expect(await db.query('SELECT alias_of FROM contacts WHERE id = ANY($1::uuid[])', [[mail, sms]])).toEqual([{ alias_of: call }, { alias_of: call }]);
    expect(await db.query('SELECT id FROM merges WHERE group_id = $1 ORDER BY seq', [groupId])).toEqual(mergeIds.map((id) => ({ id })));

    // Undone from either merge of the action: both cards come back, and the survivor's values.
    const undo = await previewUndo(db, ELINOR, mergeIds[0]!);
    expect(undo.merged.map((m) => m.id).sort()).toEqual([mail, sms].sort());
    expect(undo.decisions).toEqual(expect.arrayContaining([
      { kind: 'restored', field: 'name', value: 'Edward Ferrars' },
      { kind: 'restored', field: 'fields.tier', value: null },
    ]));
    expect(undo.decisions.filter((d) => 'field' in d && d.field === 'name')).toHaveLength(1); // said once, where it ends up
    await undoMerge(db, ELINOR, mergeIds[0]!);
    expect(await storeState(db)).toEqual(before);
    expect((await refusal(undoMerge(db, ELINOR, mergeIds[1]!))).message).toMatch(/undone already/);
  });

  it('merges nothing when any card cannot be merged, and refuses more than ten cards or a card named twice', async () => {
    const db = store();
    const { call, mail, sms } = await edwardsThreeCards();
    await mergeCards(db, ELINOR, mail, sms); // sms is now part of mail's card
    const before = await storeState(db);
    expect(await refusal(mergeMany(db, ELINOR, call, [mail, sms]))).toEqual({
      code: 'conflict', message: expect.stringMatching(/already merged into/), extensions: { mergedInto: mail },
    });
    expect(await storeState(db)).toEqual(before);

    expect((await refusal(mergeMany(db, ELINOR, call, [mail, mail]))).code).toBe('invalid');
    expect((await refusal(mergeMany(db, ELINOR, call, [call]))).code).toBe('invalid');
    const eleven = Array.from({ length: 10 }, (_, n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
    expect((await refusal(mergeMany(db, ELINOR, call, eleven))).message).toMatch(/at most 10 cards/);
    expect((await refusal(previewMergeMany(db, call, []))).code).toBe('invalid');
  });
});
