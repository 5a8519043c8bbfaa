import { mergeCards } from '../../src/domain/merge/merge-cards';
import { DEVELOPMENT_USER } from '../../src/domain/access/users';
import { saveFeatures } from '../../src/settings/features';
import { callApi, expectProblem } from '../support/api';
import { startApp, type RunningApp } from '../support/app-server';
import { startEntra } from '../support/entra';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

interface NoteBody { id: string; contactId: string; authorId: string; authorName: string; text: string; createdAt: string; editedAt: string | null }
interface CardBody { contact: { id: string }; notes: NoteBody[] }

describeEachStore('notes on cards (NOTE-1, NOTE-2), over HTTP with two agents', (store) => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp;
  let elinor: string;
  let marianne: string;
  let edward: string;
  beforeAll(async () => {
    entra = await startEntra();
    app = await startApp(store(), entra.env);
    elinor = await entra.token({ oid: 'elinor-oid', name: 'Elinor Dashwood', roles: ['Agent'] });
    marianne = await entra.token({ oid: 'marianne-oid', name: 'Marianne Dashwood', roles: ['Agent'] });
  });
  afterAll(async () => {
    await app.close();
    await entra.close();
  });
  beforeEach(async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'call-1' }));
    edward = (await contactOf(store(), 'call-1'))!;
  });

  const call = (token: string, method: string, path: string, body?: unknown) => callApi(app.baseUrl, token, method, path, body);
  const addNote = async (token: string, contactId: string, text: string) => {
    const response = await call(token, 'POST', `/contacts/${contactId}/notes`, { text });
    expect(response.status).toBe(201);
    return (await response.json()) as NoteBody;
  };
  const notesOf = async (contactId: string) => ((await (await call(elinor, 'GET', `/contacts/${contactId}`)).json()) as CardBody).notes;
  const problem = async (response: Response, status: number) => (await expectProblem(response, status)).detail;

  it('come with the card newest first, with their author; the author edits and deletes their own', async () => {
    const first = await addNote(elinor, edward, 'Called about order 1811; it left the warehouse today.');
    const second = await addNote(marianne, edward, '  Prefers e-mail.  ');
    expect(second).toMatchObject({ contactId: edward, authorId: 'marianne-oid', authorName: 'Marianne Dashwood', text: 'Prefers e-mail.', editedAt: null });
    expect((await notesOf(edward)).map((n) => n.id)).toEqual([second.id, first.id]);

    const edited = await call(elinor, 'PUT', `/notes/${first.id}`, { text: 'Order 1811 arrives Friday.' });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ id: first.id, text: 'Order 1811 arrives Friday.', editedAt: expect.any(String) });

    expect((await call(elinor, 'DELETE', `/notes/${first.id}`)).status).toBe(204);
    expect((await notesOf(edward)).map((n) => n.text)).toEqual(['Prefers e-mail.']);
  });

  it("others' notes are read-only: editing or deleting one is refused with 403 and changes nothing", async () => {
    const note = await addNote(elinor, edward, 'Promised a call back at 4 pm.');
    expect(await problem(await call(marianne, 'PUT', `/notes/${note.id}`, { text: 'Changed' }), 403)).toMatch(/only your own notes.*Elinor Dashwood/);
    expect(await problem(await call(marianne, 'DELETE', `/notes/${note.id}`), 403)).toMatch(/only your own notes/);
    expect((await notesOf(edward)).map((n) => n.text)).toEqual(['Promised a call back at 4 pm.']);
  });

  it('with the admin switch off, nobody edits or deletes notes, their own included; adding still works', async () => {
    const note = await addNote(elinor, edward, 'First contact.');
    await saveFeatures(store(), { 'notes.editOwn': false }, 'test');
    expect(await problem(await call(elinor, 'PUT', `/notes/${note.id}`, { text: 'Changed' }), 403)).toMatch(/notes\.editOwn.*switched off/);
    expect(await problem(await call(elinor, 'DELETE', `/notes/${note.id}`), 403)).toMatch(/switched off/);
    await addNote(elinor, edward, 'Second contact.');
    expect((await notesOf(edward)).map((n) => n.text)).toEqual(['Second contact.', 'First contact.']);
  });

  it('bad input is refused with a problem naming it; unknown notes and contacts are 404', async () => {
    expect(await problem(await call(elinor, 'POST', `/contacts/${edward}/notes`, { text: '   ' }), 400)).toMatch(/needs some text/);
    expect(await problem(await call(elinor, 'POST', `/contacts/${edward}/notes`, { text: 'x'.repeat(10_001) }), 400)).toMatch(/at most 10,000/);
    expect(await problem(await call(elinor, 'POST', '/contacts/6c1f0b7e-0000-4000-8000-000000000000/notes', { text: 'Hello' }), 404)).toMatch(/does not exist/);
    expect(await problem(await call(elinor, 'PUT', '/notes/not-a-note', { text: 'Hello' }), 404)).toMatch(/note not-a-note does not exist/);
    expect(await notesOf(edward)).toEqual([]);
  });

  it('follow merges: the merged card’s notes show on the surviving card, and notes added through the alias land there too', async () => {
    await ingest(store(), anInteractionEvent('interaction.started', { interactionId: 'mail-1', channel: 'email', contact: { email: 'ed@norland.example' } }));
    const alias = (await contactOf(store(), 'mail-1'))!;
    const onAlias = await addNote(marianne, alias, 'Wrote from his Norland address.');
    const onSurvivor = await addNote(elinor, edward, 'Called from his mobile.');
    await mergeCards(store(), DEVELOPMENT_USER, edward, alias);

    expect((await notesOf(edward)).map((n) => n.id)).toEqual([onSurvivor.id, onAlias.id]);
    const throughAlias = await addNote(elinor, alias, 'Added after the merge.');
    expect(throughAlias.contactId).toBe(edward);
    expect((await notesOf(alias)).map((n) => n.id)).toEqual([throughAlias.id, onSurvivor.id, onAlias.id]);
    // The author still edits their note on the merged-in card.
    expect((await call(marianne, 'PUT', `/notes/${onAlias.id}`, { text: 'Norland address, now merged.' })).status).toBe(200);
  });
});
