import { z } from 'zod';

// Imported first by the command-line tools: zod then checks each schema as written instead of
// compiling a parser for it on first use, which costs a one-shot tool more than it ever saves.
z.config({ jitless: true });
