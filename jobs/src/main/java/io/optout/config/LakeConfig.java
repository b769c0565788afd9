package io.optout.config;

/** Where one input lake lives and how it is stored. */
public record LakeConfig(String path, LakeFormat format) {}
