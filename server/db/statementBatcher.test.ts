import { StatementBatcher } from './statementBatcher';

/** A batcher whose statements are recorded: each batch's items, and each item run alone; items in `refused` fail. */
function recorded(refused: number[] = []): { batcher: StatementBatcher<number, string>; statements: number[][] } {
  const statements: number[][] = [];
  const refuse = (items: number[]) => {
    const bad = items.find((i) => refused.includes(i));
    if (bad !== undefined) throw new Error(`item ${bad} is refused`);
  };
  const batcher = new StatementBatcher<number, string>(
    'test',
    async (items) => {
      statements.push(items);
      await new Promise((resolve) => setTimeout(resolve, 5));
      refuse(items);
      return items.map((i) => `answer ${i}`);
    },
    async (item) => {
      statements.push([item]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      refuse([item]);
      return `answer ${item}`;
    },
  );
  return { batcher, statements };
}

describe('Statements in batches', () => {
  it('When requests come in one turn of the event loop with no statement in flight, Then they go in one statement, each answered its own', async () => {
    const { batcher, statements } = recorded();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.run(i)));
    expect(answers).toEqual(['answer 1', 'answer 2', 'answer 3', 'answer 4', 'answer 5']);
    expect(statements).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('When a request comes alone, Then it goes alone, and those arriving while it is in flight go together in the next statement', async () => {
    const { batcher, statements } = recorded();
    const first = batcher.run(1);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const rest = [2, 3, 4].map((i) => batcher.run(i));
    expect(await first).toBe('answer 1');
    expect(await Promise.all(rest)).toEqual(['answer 2', 'answer 3', 'answer 4']);
    expect(statements).toEqual([[1], [2, 3, 4]]);
  });

  it('When a statement ends with requests waiting, Then the next statement is sent before the answers of the first are handed on', async () => {
    const events: string[] = [];
    const batcher = new StatementBatcher<number, string>(
      'test',
      async (items) => {
        events.push(`sent ${items.join(',')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return items.map((i) => `answer ${i}`);
      },
      async (item) => {
        events.push(`sent ${item}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return `answer ${item}`;
      },
    );
    const first = batcher.run(1).then((answer) => events.push(`handed on ${answer}`));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const rest = Promise.all([2, 3].map((i) => batcher.run(i).then((answer) => events.push(`handed on ${answer}`))));
    await Promise.all([first, rest]);
    expect(events).toEqual(['sent 1', 'sent 2,3', 'handed on answer 1', 'handed on answer 2', 'handed on answer 3']);
  });

  it('When a batch fails, Then its items go again one at a time, each with its own answer or error', async () => {
    const { batcher, statements } = recorded([2]);
    const first = batcher.run(0);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const batch = [1, 2, 3].map((i) => batcher.run(i).catch((err: Error) => err.message));
    const later = batcher.run(4);
    expect(await first).toBe('answer 0');
    expect(await Promise.all(batch)).toEqual(['answer 1', 'item 2 is refused', 'answer 3']);
    expect(await later).toBe('answer 4');
    expect(statements).toEqual([[0], [1, 2, 3, 4], [1], [2], [3], [4]]);
  });
});
