#pragma once

namespace clonedeck {

// Every domain holds descriptors for as long as it lives (its SSH endpoint's listening
// socket and its xenstore bridge endpoint, at least), so a platform of 10,000 domains needs
// more than the usual soft limit of 1,024, or even a hard limit of 20,000. Raises the soft
// limit to the hard one; as root also the hard one, to 131,072 (within the kernel's
// per-process ceiling, fs.nr_open). Logs what it got; a refusal is logged, not fatal.
void raiseOpenFileLimit();

} // namespace clonedeck
