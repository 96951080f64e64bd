// Memorizes generated conversations into --dir forever, printing one ACK line after each memorize resolves.
import { createMemory } from "@memograph/core";
import { generatedConversation } from "./generated-conversation.mjs";

const [dir, start] = process.argv.slice(2);
const memory = await createMemory({ dir });
for (let index = Number(start); ; index++) {
  const result = await memory.memorize({ content: generatedConversation(index), uri: `gen://${index}`, scope: { userId: "crash" } });
  process.stdout.write(`ACK ${index} ${result.resource.id} ${result.items.length}\n`);
}
