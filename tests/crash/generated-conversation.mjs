// A deterministic conversation per index, long enough that a memorize takes a while.
const TOPICS = ["sailing", "pottery", "chess", "baking", "climbing", "violin", "gardening", "astronomy"];

export function generatedConversation(index) {
  const messages = [];
  for (let turn = 0; turn < 60; turn++) {
    const topic = TOPICS[(index + turn) % TOPICS.length];
    messages.push({
      role: turn % 2 === 0 ? "user" : "assistant",
      content: `Conversation ${index} turn ${turn}: I practised ${topic} with my friend number ${(index * 7 + turn) % 13} yesterday and loved it.`,
      created_at: "2024-02-01T12:00:00Z",
    });
  }
  return messages;
}
