/** memU's memory types; the list is configurable per memory instance. */
export const DEFAULT_MEMORY_TYPES = ["profile", "event", "knowledge", "behavior", "skill", "tool"] as const;

export interface CategoryDefinition {
  readonly name: string;
  readonly description: string;
}

/** memU's default categories; configurable per memory instance. */
export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  { name: "personal_info", description: "Identity, background, where they live, age, health" },
  { name: "preferences", description: "Likes, dislikes, favourites and tastes" },
  { name: "relationships", description: "Family, friends, partners, pets and the people around them" },
  { name: "activities", description: "Hobbies, sports, creative work and things they do" },
  { name: "goals", description: "Plans, ambitions, intentions and hopes" },
  { name: "experiences", description: "Events they went through, trips, milestones" },
  { name: "knowledge", description: "Facts, skills and things they learned or know" },
  { name: "opinions", description: "Views, beliefs, values and feelings about things" },
  { name: "habits", description: "Routines and recurring behaviour" },
  { name: "work_life", description: "Job, career, studies and colleagues" },
];
