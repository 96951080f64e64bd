/** A tiny dialogue in the LoCoMo layout for the harness tests; each test adds the `qa` block it scores. */
export const TINY_DIALOGUE = {
  speaker_a: "Ana",
  speaker_b: "Bo",
  session_1_date_time: "10:00 am on 2 March, 2024",
  session_1: [
    { speaker: "Ana", dia_id: "D1:1", text: "I adopted a kitten named Pixel yesterday." },
    { speaker: "Bo", dia_id: "D1:2", text: "Congrats! I started learning the cello." },
    { speaker: "Ana", dia_id: "D1:3", text: "Pixel loves chasing laser dots." },
  ],
} as const;
