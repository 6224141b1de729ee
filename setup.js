// Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
const { Testing } = require("cdktf");
Testing.setupJest();

// Property tests run the same cases on every run, so CI cannot fail by chance; FC_SEED=<n> explores other cases.
const fc = require("fast-check");
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261129) });
