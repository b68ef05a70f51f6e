package dev.scalelab.app.web;

/** The signed-in user a page is rendered for. */
record Viewer(long id, String name) {
}
