// widget.js: built by the buyer-page work (see web/README.md).
