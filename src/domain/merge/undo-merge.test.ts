import { anInteractionEvent, aWebVisit, contactOf, ingest } from '../../../test/support/events';
import { refusal } from '../../../test/support/refusal';
import { storeState } from '../../../test/support/store-state';
import { describeEachStore } from '../../../test/support/stores';
import { PERMISSIONS, type Actor } from '../access/permissions';
import { editContact } from '../contacts/edit';
import { insertNote } from '../notes/notes-store';
import { mergeCards } from './merge-cards';
import { previewUndo, undoMerge } from './undo-merge';

const ELINOR: Actor = { id: 'elinor', name: 'Elinor Dashwood', permissions: new Set(PERMISSIONS) };

describeEachStore('undoing a merge', (store) => {
  /** Edward's call card, and the card his e-mail of the day before made, with a note and a web visit. */
  async function edwardsTwoCards() {
    const db = store();
    const yesterday = new Date(Date.now() - 86_400_000);
    await ingest(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'mail', channel: 'email', occurredAt: yesterday, contact: { name: 'Ed Ferrars', email: 'ed@norland.example', cookie: 'ck-ed', fields: { city: 'Norland', tier: 'Gold' } } }),
      anInteractionEvent('interaction.started', { interactionId: 'call', channel: 'voice', contact: { name: 'Edward Ferrars', phone: '(803) 555-0142', fields: { city: 'Barton' } } }),
      aWebVisit('ck-ed', 'https://norland.example/pricing', yesterday),
    );
    const [call, mail] = [(await contactOf(db, 'call'))!, (await contactOf(db, 'mail'))!];
    await insertNote(db, { contactId: mail, authorId: 'elinor', authorName: 'Elinor Dashwood', text: 'Prefers e-mail' });
    return { call, mail };
  }

  it('gives both cards back exactly as they were, and audits the undo beside the merge', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    const before = await storeState(db);
    const { mergeId } = await mergeCards(db, ELINOR, call, mail, { name: 'merged', 'fields.city': 'merged' });
    expect(await storeState(db)).not.toEqual(before);

    const preview = await previewUndo(db, ELINOR, mergeId);
    expect(preview.survivor).toEqual({ id: call, name: 'Ed Ferrars' });
    expect(preview.merged).toEqual([{ id: mail, name: 'Ed Ferrars' }]);
    expect(preview.decisions).toEqual([
      { kind: 'restored', field: 'name', value: 'Edward Ferrars' },
      { kind: 'restored', field: 'fields.city', value: 'Barton' },
      { kind: 'restored', field: 'fields.tier', value: null },
    ]);
    const undone = await undoMerge(db, ELINOR, mergeId);
    expect(undone.decisions).toEqual(preview.decisions);
    expect(await storeState(db)).toEqual(before);
    const [audit] = await db.query<{ actor_name: string; undone_by_name: string; undone_at: Date | null }>('SELECT actor_name, undone_by_name, undone_at FROM merges WHERE id = $1', [mergeId]);
    expect(audit).toEqual({ actor_name: 'Elinor Dashwood', undone_by_name: 'Elinor Dashwood', undone_at: expect.any(Date) });
    // The e-mail resolves to the e-mail card again.
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'mail-2', channel: 'email', contact: { email: 'ED@norland.example' } }));
    expect(await contactOf(db, 'mail-2')).toBe(mail);
  });

  it('keeps later work on the survivor and sends back what arrived on the merged card\'s identifiers, saying so first', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    const { mergeId } = await mergeCards(db, ELINOR, call, mail);
    // After the merge: an e-mail from Edward's address (resolved to the merged card), a note, an edit.
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'mail-later', channel: 'email', contact: { email: 'ed@norland.example' } }));
    expect(await contactOf(db, 'mail-later')).toBe(call);
    await insertNote(db, { contactId: call, authorId: 'elinor', authorName: 'Elinor Dashwood', text: 'Called back' });
    await editContact(db, call, { name: 'Edward R. Ferrars' }, 'US');

    const preview = await previewUndo(db, ELINOR, mergeId);
    expect(preview.decisions).toEqual([
      { kind: 'kept', field: 'name', value: 'Edward R. Ferrars' },
      { kind: 'restored', field: 'fields.tier', value: null },
      { kind: 'interactionReturns', interactionId: 'mail-later', channel: 'email', startedAt: expect.any(String), identifier: { kind: 'email', value: 'ed@norland.example', display: 'ed@norland.example' }, to: mail },
      { kind: 'laterWorkKept', notes: 1, visits: 0, sentMessages: 0, identifiers: [] },
    ]);
    await undoMerge(db, ELINOR, mergeId);
    expect(await contactOf(db, 'mail-later')).toBe(mail);
    const notes = await db.query<{ contact_id: string; body: string }>('SELECT contact_id, body FROM notes ORDER BY body');
    expect(notes).toEqual([{ contact_id: call, body: 'Called back' }, { contact_id: mail, body: 'Prefers e-mail' }]);
    const cards = await db.query<{ id: string; name: string; fields: Record<string, string>; alias_of: string | null }>('SELECT id, name, fields, alias_of FROM contacts ORDER BY name');
    expect(cards).toEqual([
      { id: mail, name: 'Ed Ferrars', fields: { city: 'Norland', tier: 'Gold' }, alias_of: null },
      { id: call, name: 'Edward R. Ferrars', fields: { city: 'Barton' }, alias_of: null },
    ]);
  });

  it('gives back an identifier of the merged card that an edit removed after the merge, unless another card holds it now', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    const { mergeId } = await mergeCards(db, ELINOR, call, mail);
    await editContact(db, call, { emails: [] }, 'US');
    expect((await previewUndo(db, ELINOR, mergeId)).decisions).toContainEqual({ kind: 'identifierRestored', identifier: { kind: 'email', value: 'ed@norland.example', display: 'ed@norland.example' }, to: mail });
    await undoMerge(db, ELINOR, mergeId);
    expect(await db.query('SELECT contact_id FROM contact_identifiers WHERE value = $1', ['ed@norland.example'])).toEqual([{ contact_id: mail }]);

    // Merged again, the address removed, and given meanwhile to a new card: it stays there.
    const again = await mergeCards(db, ELINOR, call, mail);
    await editContact(db, call, { emails: [] }, 'US');
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'lucy', channel: 'email', contact: { name: 'Lucy Steele', email: 'ed@norland.example' } }));
    const lucy = await contactOf(db, 'lucy');
    expect((await previewUndo(db, ELINOR, again.mergeId)).decisions).toContainEqual({
      kind: 'identifierElsewhere', identifier: { kind: 'email', value: 'ed@norland.example', display: 'ed@norland.example' }, holderId: lucy, holderName: 'Lucy Steele',
    });
    await undoMerge(db, ELINOR, again.mergeId);
    expect(await db.query('SELECT contact_id FROM contact_identifiers WHERE value = $1', ['ed@norland.example'])).toEqual([{ contact_id: lucy }]);
  });

  it('refuses, saying why: a survivor merged since, an undone merge, a merge recorded before undo existed, no permission', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'sms', channel: 'sms', contact: { name: 'E. Ferrars', phone: '+1 803 555 0199' } }));
    const third = (await contactOf(db, 'sms'))!;
    const first = await mergeCards(db, ELINOR, call, mail);
    const second = await mergeCards(db, ELINOR, third, call);

    expect(await refusal(undoMerge(db, ELINOR, first.mergeId))).toEqual({
      code: 'conflict', message: expect.stringMatching(/merged into E\. Ferrars since; undo that merge first/), extensions: { mergedInto: third },
    });
    await undoMerge(db, ELINOR, second.mergeId);
    await undoMerge(db, ELINOR, first.mergeId); // in reverse order, both undo
    expect((await refusal(undoMerge(db, ELINOR, first.mergeId))).message).toMatch(/undone already/);

    const legacy = await mergeCards(db, ELINOR, call, mail);
    await db.query('UPDATE merges SET survivor_before = NULL WHERE id = $1', [legacy.mergeId]);
    expect((await refusal(previewUndo(db, ELINOR, legacy.mergeId))).message).toMatch(/made before merges could be undone/);

    const agentWithoutUndo: Actor = { ...ELINOR, permissions: new Set(PERMISSIONS.filter((p) => p !== 'contacts:unmerge')) };
    expect((await refusal(undoMerge(db, agentWithoutUndo, legacy.mergeId))).code).toBe('forbidden');
    expect((await refusal(previewUndo(db, ELINOR, '00000000-0000-4000-8000-000000000000'))).code).toBe('not_found');
  });

  it('undoing a chain of merges in reverse order restores every card, types and last contact times included', async () => {
    const db = store();
    const { call, mail } = await edwardsTwoCards();
    await ingest(db, anInteractionEvent('interaction.started', { interactionId: 'sms', channel: 'sms', contact: { name: 'E. Ferrars', phone: '+1 803 555 0199' } }));
    const third = (await contactOf(db, 'sms'))!;
    const before = await storeState(db);
    const merges = [await mergeCards(db, ELINOR, call, mail), await mergeCards(db, ELINOR, third, call)];
    for (const { mergeId } of merges.reverse()) await undoMerge(db, ELINOR, mergeId);
    expect(await storeState(db)).toEqual(before);
  });
});
