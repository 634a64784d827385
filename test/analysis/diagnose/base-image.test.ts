import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import { scenario } from "./scenario.js";

const rule = (dockerfile: string) =>
  diagnose(scenario({ dockerfile })).filter((f) => f.rule === "base-not-slim");

describe("base-not-slim", () => {
  it.each([
    { name: "python:3.12", from: "FROM python:3.12", fix: "FROM python:3.12-slim" },
    {
      name: "python with a Debian suite",
      from: "FROM python:3.12-bookworm",
      fix: "FROM python:3.12-slim-bookworm",
    },
    { name: "node:20", from: "FROM node:20 AS app", fix: "FROM node:20-slim AS app" },
    { name: "ruby, fully qualified", from: "FROM docker.io/library/ruby:3.3", fix: "FROM ruby:3.3-slim" },
    { name: "debian:bookworm", from: "FROM debian:bookworm", fix: "FROM debian:bookworm-slim" },
    { name: "openjdk: a JRE image instead", from: "FROM openjdk:17", fix: "FROM eclipse-temurin:17-jre" },
    { name: "an ARG-expanded base", from: "ARG PY=3.11\nFROM python:${PY}", fix: "FROM python:3.11-slim" },
  ])("$name", ({ from, fix }) => {
    const findings = rule(`${from}\nCMD ["true"]\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "notice", seconds: null, fix });
    expect(findings[0]?.line).toBe(from.split("\n").length);
  });

  it("the message names the measured base and the smaller sibling", () => {
    expect(rule("FROM python:3.12\n")[0]?.message).toBe(
      "The final image starts FROM python:3.12, which carries compilers, headers and docs the app rarely needs; python:3.12-slim is the same family, smaller.",
    );
  });

  it.each([
    { name: "python:3.12-slim", from: "FROM python:3.12-slim" },
    { name: "alpine variant", from: "FROM node:20-alpine" },
    { name: "a JRE", from: "FROM eclipse-temurin:21-jre" },
    { name: "not an official image", from: "FROM ghcr.io/acme/python:3.12" },
    { name: "no slim family", from: "FROM ubuntu:24.04" },
    {
      name: "full image only in the builder",
      from: "FROM python:3.12 AS build\nRUN true\nFROM python:3.12-slim",
    },
    { name: "unresolved ARG", from: "ARG BASE\nFROM ${BASE}" },
  ])("silent: $name", ({ from }) => {
    expect(rule(`${from}\nCMD ["true"]\n`)).toEqual([]);
  });

  // A JRE has no compiler: a JRE base would not start these images, or not build them (issue 9).
  it.each([
    {
      name: "the image runs ./mvnw spring-boot:run",
      dockerfile:
        'FROM eclipse-temurin:17\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B dependency:go-offline\nCMD ["./mvnw", "spring-boot:run"]\n',
    },
    {
      name: "the image builds its jar with the Gradle wrapper",
      dockerfile:
        'FROM openjdk:21\nWORKDIR /app\nCOPY . .\nRUN ./gradlew --no-daemon bootJar\nCMD ["java", "-jar", "build/libs/app.jar"]\n',
    },
    {
      name: "the image compiles with javac",
      dockerfile: 'FROM eclipse-temurin:21\nCOPY Main.java .\nRUN javac Main.java\nCMD ["java", "Main"]\n',
    },
  ])("no JRE when $name", ({ dockerfile }) => {
    expect(rule(dockerfile)).toEqual([]);
  });
});
