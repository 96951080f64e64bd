import { words } from "../../util/text.js";

// Words that on their own make a greeting, thanks, an acknowledgement or a pleasantry, never a fact. A sentence made
// only of these (and of the participants' names) is small talk.
const SMALL_TALK = new Set(
  ("hi hey hello hiya howdy yo good morning afternoon evening night bye goodbye cheers see you soon later take care " +
    "thanks thank thx ty so much very lot a for the that this it's its it is was all your help you're welcome no problem " +
    "worries anytime glad happy to help nice meet meeting great cool awesome amazing wonderful lovely fantastic perfect " +
    "sounds seems looks like an idea plan fun exciting interesting ok okay sure got noted understood will do right yes " +
    "yeah yep yup indeed absolutely definitely totally true agreed of course wow oh ah haha hahaha lol omg too and i me " +
    "we us my our what how about really just well alright awww aw hmm um be there have day weekend congrats " +
    "congratulations let know if anything else there's can i'm i'll i'd am here luck enjoy").split(/\s+/),
);

/** True for a sentence with no fact in it: greetings, thanks, acknowledgements, pleasantries. */
export function isSmallTalk(sentence: string, names: ReadonlySet<string>): boolean {
  const tokens = words(sentence).filter((word) => !names.has(word));
  return tokens.every((word) => SMALL_TALK.has(word));
}
