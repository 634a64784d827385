import { describe, expect, it } from "vitest";
import { externalBaseImages } from "../../src/docker/pull.js";

describe("externalBaseImages", () => {
  it.each<{
    name: string;
    text: string;
    target: string | null;
    args: Record<string, string>;
    want: string[];
  }>([
    {
      name: "ARG-expanded base",
      text: "ARG BASE=python:3.12-slim\nFROM ${BASE}\nRUN x",
      target: null,
      args: {},
      want: ["python:3.12-slim"],
    },
    {
      name: "build arg wins",
      text: "ARG BASE=python:3.12-slim\nFROM ${BASE}",
      target: null,
      args: { BASE: "python:3.13" },
      want: ["python:3.13"],
    },
    {
      name: "stages and scratch are not pulled; only stages the target reaches",
      text: "FROM golang:1.22 AS build\nRUN make\nFROM node:20 AS unused\nFROM scratch\nCOPY --from=build /app /app",
      target: null,
      args: {},
      want: ["golang:1.22"],
    },
    {
      name: "a stage used as a base",
      text: "FROM debian:12 AS base\nFROM base\nRUN x",
      target: null,
      args: {},
      want: ["debian:12"],
    },
  ])("$name", ({ text, target, args, want }) => {
    expect(externalBaseImages(text, target, args)).toEqual(want);
  });
});
