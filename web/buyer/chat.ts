// The buyer's chat page: built by the buyer-page work (see web/README.md).
