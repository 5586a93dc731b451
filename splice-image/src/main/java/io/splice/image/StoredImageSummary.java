package io.splice.image;

/** One image of the local store, as {@code splice images} lists it. */
public record StoredImageSummary(String name, String digest, long size) {}
