// Investigators and liaison officers: request assistance from the Belgrade LO and follow it live
// (graphql-ws client, graphql-transport-ws protocol) while the LO accepts, asks a question (the
// tasking awaits the answer, its deadline clock stopped), the investigator answers, and the LO
// starts and completes it.
//
//   node follow-tasking.mjs [http://127.0.0.1:8000/graphql]
import { createClient } from 'graphql-ws';
import WebSocket from 'ws'; // Node 20 has no global WebSocket
import { demoToken, graphql, run, url } from './lonet.mjs';

const UPDATE_TIMEOUT_MS = 10_000;
// graphql-transport-ws has no "subscribed" message: give the server a moment to start the stream.
const SUBSCRIBE_SETTLE_MS = 500;

const REQUEST = `mutation RequestTasking($input: RequestTaskingInput!) {
  requestTasking(input: $input) { id reference status version assignee { id name } }
}`;
const FOLLOW = `subscription FollowTasking($id: ID!) {
  taskingUpdated(taskingId: $id) { id reference status version outcome events { action actor } }
}`;
// [who acts, the mutation's field, the mutation, its other variables]
const STEPS = [
  ['lo-belgrade', 'acceptTasking', 'mutation Accept($id: ID!, $version: Int!) { acceptTasking(id: $id, version: $version) { version } }', {}],
  [
    'lo-belgrade',
    'requestInformation',
    `mutation Ask($id: ID!, $version: Int!, $question: String!) {
      requestInformation(id: $id, version: $version, question: $question) { version }
    }`,
    { question: 'Is the vessel still flagged in Montenegro?' },
  ],
  [
    'investigator-be',
    'provideInformation',
    `mutation Answer($id: ID!, $version: Int!, $answer: String!) {
      provideInformation(id: $id, version: $version, answer: $answer) { version dueBy }
    }`,
    { answer: 'Yes, since March; the registry entry is attached to the case file.' },
  ],
  ['lo-belgrade', 'startTasking', 'mutation Start($id: ID!, $version: Int!) { startTasking(id: $id, version: $version) { version } }', {}],
  [
    'lo-belgrade',
    'completeTasking',
    `mutation Complete($id: ID!, $version: Int!, $outcome: String!) {
      completeTasking(id: $id, version: $version, outcome: $outcome, handlingCode: H1, sourceReliability: B, informationAssessment: 2) { version }
    }`,
    { outcome: 'Vessel owner identified; report sent via the secure channel.' },
  ],
];

// Live updates as a queue: next(version) waits for the update carrying at least that version.
function liveUpdates(client, id) {
  const received = [];
  let wake = () => {};
  let failure = null;
  const stop = client.subscribe(
    { query: FOLLOW, variables: { id } },
    {
      next: ({ data, errors }) => {
        if (errors) failure = new Error(`subscription errors: ${JSON.stringify(errors)}`);
        else received.push(data.taskingUpdated);
        wake();
      },
      error: (error) => {
        failure = error instanceof Error ? error : new Error(`subscription failed: ${JSON.stringify(error)}`);
        wake();
      },
      complete: () => {},
    },
  );
  async function next(version) {
    const deadline = Date.now() + UPDATE_TIMEOUT_MS;
    for (;;) {
      if (failure) throw failure;
      const update = received.shift();
      if (update && update.version >= version) return update;
      if (update) continue;
      if (Date.now() > deadline) throw new Error(`no live update within ${UPDATE_TIMEOUT_MS} ms`);
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  }
  return { next, stop };
}

run(async () => {
  const investigator = await demoToken('investigator-be');
  const liaisonOfficer = await demoToken('lo-belgrade');

  const input = {
    title: 'Identify the owner of a vessel registered in Bar',
    country: 'ME',
    competences: ['DRUGS'],
    priority: 'URGENT',
    legalBasis: 'BENELUX_POLICE_TREATY_2018',
    assignee: 'LO-001', // the demo identity lo-belgrade
    // The Benelux request form: whom to contact, the case, the reply's language, the subjects.
    contact: { name: 'Insp. An Peeters', phone: '+32 3 555 01 99', email: 'an.peeters@police.example' },
    caseNumber: 'AN.20.L1.012345/26',
    replyLanguage: 'EN',
    subjects: [{ company: { name: 'Adriatic Marine d.o.o.', country: 'ME' } }],
  };
  const { requestTasking: created } = await graphql(investigator, REQUEST, { input });
  console.log(`[investigator-be] requestTasking -> ${created.reference} (id ${created.id}) to ${created.assignee.name}: ${created.status}`);

  let connected;
  const acknowledged = new Promise((resolve) => (connected = resolve));
  const client = createClient({
    url: url.replace(/^http/, 'ws'), // http -> ws, https -> wss
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${investigator}` }, // sent in connection_init
    retryAttempts: 0,
    on: { connected }, // the server's connection_ack
  });
  const live = liveUpdates(client, created.id);
  const seen = [];
  try {
    await acknowledged;
    console.log(`[investigator-be] subscribed: taskingUpdated(taskingId: ${created.id}) over graphql-transport-ws`);
    await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_SETTLE_MS));
    let { version } = created;
    const tokens = { 'investigator-be': investigator, 'lo-belgrade': liaisonOfficer };
    for (const [who, name, mutation, extra] of STEPS) {
      console.log(`[${who}] ${name}(version: ${version})`);
      ({ version } = (await graphql(tokens[who], mutation, { id: created.id, version, ...extra }))[name]);
      const update = await live.next(version);
      const event = update.events[update.events.length - 1];
      const outcome = update.outcome ? `: ${update.outcome}` : '';
      console.log(`  live: ${update.reference} is ${update.status} (version ${update.version}, ${event.action} by ${event.actor})${outcome}`);
      seen.push(update.status);
    }
  } finally {
    live.stop();
    await client.dispose();
  }
  console.log(`followed ${created.reference} live: ${seen.join(' -> ')}`);
});
