import { describe, expect, it } from "vitest";
import type { Conversation } from "../../formats/conversation.js";
import { parseConversation } from "../../formats/conversation.js";
import { DEFAULT_CATEGORIES, DEFAULT_MEMORY_TYPES } from "../../model/index.js";
import { RuleExtractor, type RuleExtractorOptions } from "./rule-extractor.js";

const context = { memoryTypes: DEFAULT_MEMORY_TYPES, categories: DEFAULT_CATEGORIES };

async function memoriesOf(conversation: Conversation, options?: RuleExtractorOptions) {
  const { memories } = await new RuleExtractor(options).extract({ uri: "chat.json", modality: "conversation", content: { kind: "conversation", conversation } }, context);
  return memories;
}

/** A chat as an app stores it: roles, no names. */
function chat(...turns: [role: "user" | "assistant", content: string][]): Conversation {
  const messages = turns.map(([role, content], index) => ({ role, content, created_at: `2025-03-14T09:${String(30 + index).padStart(2, "0")}:00Z` }));
  return parseConversation(JSON.stringify(messages), "chat.json");
}

const summaries = async (conversation: Conversation, options?: RuleExtractorOptions) => (await memoriesOf(conversation, options)).map((memory) => memory.summary);

describe("RuleExtractor on conversations", () => {
  it("names the user from their introduction and makes one memory per fact, none from small talk", async () => {
    const memories = await memoriesOf(
      chat(
        ["user", "Hi! I'm Priya, I work as a data engineer at a logistics startup in Rotterdam."],
        ["assistant", "Nice to meet you, Priya! What are you working on these days?"],
        ["user", "I migrated our pipelines to Apache Flink last week. Also, I'm vegetarian and I can't stand coriander."],
        ["assistant", "Noted! Any plans for the weekend?"],
        ["user", "I'm running the Rotterdam half marathon next month, and I usually train every Tuesday and Thursday evening."],
        ["assistant", "Sounds great, good luck!"],
        ["user", "Thanks so much!"],
      ),
    );
    expect(memories.map((memory) => [memory.summary, memory.span])).toEqual([
      ["The user's name is Priya.", { kind: "messages", messageIds: ["m1"] }],
      ["Priya works as a data engineer at a logistics startup in Rotterdam.", { kind: "messages", messageIds: ["m1"] }],
      ["Priya migrated Priya's team's pipelines to Apache Flink last week (the week before 14 March 2025).", { kind: "messages", messageIds: ["m3"] }],
      ["Priya is vegetarian.", { kind: "messages", messageIds: ["m3"] }],
      ["Priya can't stand coriander.", { kind: "messages", messageIds: ["m3"] }],
      ["Priya is running the Rotterdam half marathon next month (April 2025).", { kind: "messages", messageIds: ["m5"] }],
      ["Priya usually trains every Tuesday and Thursday evening.", { kind: "messages", messageIds: ["m5"] }],
    ]);
    expect(memories[0]!.type).toBe("profile");
    expect(memories[2]).toMatchObject({ type: "event", happenedAt: "2025-03-07" });
    expect(memories[6]!.type).toBe("behavior");
  });

  it("splits coordinated first-person clauses into one memory each, but keeps a shared subject or a reported clause whole", async () => {
    const found = await summaries(
      chat(
        ["user", "Hey, my name is Tomasz. I'm allergic to peanuts and I've never been to Japan and I'd love to go next spring."],
        ["assistant", "Good to know, Tomasz."],
        ["user", "My sister and I hiked in the Tatras together."],
        ["user", "I think Anna and I should plan a trip together."],
        ["user", "I told Anna and I told my boss about the move."],
        ["user", "I play chess and Go every weekend."],
      ),
    );
    expect(found).toEqual([
      "The user's name is Tomasz.",
      "Tomasz is allergic to peanuts.",
      "Tomasz has never been to Japan.",
      "Tomasz would love to go next spring.",
      "Tomasz's sister and Tomasz hiked in the Tatras together.",
      "Tomasz thinks Anna and Tomasz should plan a trip together.",
      "Tomasz told Anna and Tomasz told Tomasz's boss about the move.",
      "Tomasz plays chess and Go every weekend.",
    ]);
  });

  it("keeps the facts an assistant states, addressed to the user by name, and drops its pleasantries", async () => {
    const found = await summaries(
      chat(
        ["user", "My name is Jonas. Could you find me a ramen place near Odeon for Friday?"],
        ["assistant", "Happy to help, Jonas!"],
        ["assistant", "I've booked you a table for two at Menkichi on Friday at 7pm. Your confirmation number is 4471."],
        ["user", "Perfect, thank you!"],
        ["assistant", "You're welcome! Let me know if there's anything else."],
        ["assistant", "I recommend the tonkotsu there; it's their signature dish."],
        ["user", "Great, I'll order the tonkotsu then."],
      ),
    );
    expect(found).toEqual([
      "The user's name is Jonas.",
      "Assistant has booked Jonas a table for two at Menkichi on Friday at 7pm (14 March 2025).",
      "Jonas's confirmation number is 4471.",
      "Assistant recommends the tonkotsu there; it's their signature dish.",
      "Jonas will order the tonkotsu then.",
    ]);
  });

  it("uses the userName option as the subject when the user never says their name", async () => {
    const conversation = chat(["user", "Hello there!"], ["user", "I adopted a rescue greyhound called Biscuit."]);
    expect(await summaries(conversation, { userName: "Sam" })).toEqual(["Sam adopted a rescue greyhound called Biscuit."]);
    // Without a name the role stays the subject, and no name is made up from a nationality.
    expect(await summaries(chat(["user", "I'm Dutch and I live in Utrecht."]))).toEqual(["User is Dutch.", "User lives in Utrecht."]);
  });

  it("rewrites first-person plurals as the people they stand for", async () => {
    const found = await summaries(
      chat(
        ["user", "I'm Ana. My wife and I just got back from Kyoto."],
        ["user", "We both love ramen, so we ate it every night."],
        ["user", "Our team ships the billing service every Monday and we're on call this week."],
        ["user", "We adopted a kitten for our kids."],
      ),
    );
    expect(found).toEqual([
      "The user's name is Ana.",
      "Ana's wife and Ana just got back from Kyoto.",
      "Ana and Ana's wife both love ramen, so Ana and Ana's wife ate it every night.",
      "Ana's team ships the billing service every Monday and Ana's team is on call this week (the week after 14 March 2025).",
      "Ana's family adopted a kitten for Ana's family's kids.",
    ]);
  });

  it("names both speakers of a two-person conversation for \"we both\" and keeps their own names", async () => {
    const conversation: Conversation = {
      format: "locomo",
      participants: ["Caroline", "Melanie"],
      messages: [
        { id: "D1:1", speaker: "Caroline", text: "Hey Mel! Good to see you!", at: "2023-05-08T13:56:00.000Z" },
        { id: "D1:2", speaker: "Melanie", text: "Thanks, Caroline! We both love the pottery class, right?", at: "2023-05-08T13:56:00.000Z" },
        { id: "D1:3", speaker: "Melanie", text: "By the way, we both signed up for the summer workshop.", at: "2023-05-08T13:56:00.000Z" },
      ],
    };
    expect(await summaries(conversation)).toEqual(["Melanie and Caroline both signed up for the summer workshop."]);
  });
});
