// Placeholder: the local engine is being written on the `engine` branch.
