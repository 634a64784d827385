// What kind of code a path names (src/touch/kinds.ts, src/touch/project.ts): the touch's ranking
// is only as right as these, so each rule has its named cases, both ways.
import { describe, expect, it } from "vitest";
import { codeRole, fileCategory, isManifest } from "../../src/touch/kinds.js";
import { projectFit } from "../../src/touch/project.js";

describe("codeRole: application code (0) or supporting code (1)", () => {
  it.each<[string, string, 0 | 1]>([
    ["a module", "app/main.py", 0],
    ["an entry file at the root", "server.js", 0],
    ["a Rails controller", "app/controllers/notes_controller.rb", 0],
    ["Go code in a db package", "db/user.go", 0],
    ["a name that only contains 'test'", "src/latest.ts", 0],
    ["a class whose name ends in lower-case 'test'", "src/Contest.java", 0],
    ["a directory that only contains 'test'", "contest/app.py", 0],
    ["pytest: test_*.py", "test_message_generator.py", 1],
    ["a root test.py", "test.py", 1],
    ["Angular's src/test.ts", "src/test.ts", 1],
    ["conftest.py", "conftest.py", 1],
    ["Go: *_test.go", "pkg/x_test.go", 1],
    ["Jest: *.test.js", "src/App.test.js", 1],
    ["Jasmine: *.spec.ts", "src/app/app.component.spec.ts", 1],
    ["RSpec: *_spec.rb", "lib/user_spec.rb", 1],
    ["xUnit: *Tests.cs", "Census.Api/AccessCodeTests.cs", 1],
    ["JUnit: *Test.java", "src/main/java/AppTest.java", 1],
    ["a tests/ directory", "tests/server.test.ts", 1],
    ["Maven's src/test", "src/test/java/App.java", 1],
    ["a .NET test project directory", "Census.Tests.Unit/Conventions/All.cs", 1],
    ["__tests__", "src/__tests__/a.js", 1],
    ["Go testdata", "pkg/testdata/input.go", 1],
    ["a config/ directory", "config/application.rb", 1],
    ["Angular environments/", "src/environments/environment.ts", 1],
    ["Django settings.py", "example/settings.py", 1],
    ["config.js", "src/config.js", 1],
    ["migrations", "db/migrate/20200117_create_notes.rb", 1],
    ["Rails db/schema.rb", "db/schema.rb", 1],
    ["Rails db/seeds.rb", "db/seeds.rb", 1],
    ["docs/", "docs/conf.py", 1],
    ["scripts/", "scripts/deploy.py", 1],
    ["__init__.py", "app/__init__.py", 1],
    ["a type declaration", "src/vite-env.d.ts", 1],
    ["package-info.java", "src/main/java/com/x/package-info.java", 1],
    ["AssemblyInfo.cs", "Properties/AssemblyInfo.cs", 1],
    ["Go doc.go", "pkg/doc.go", 1],
  ])("%s: %s → %i", (_name, path, role) => {
    expect(codeRole(path)).toBe(role);
  });
});

describe("fileCategory and isManifest (unchanged by the role rules)", () => {
  it.each<[string, 0 | 1 | 2]>([
    ["app/main.py", 0],
    ["src/App.vue", 0],
    ["karma.conf.js", 1],
    [".eslintrc.cjs", 1],
    ["README.md", 1],
    ["logo.png", 2],
  ])("%s → category %i", (path, category) => {
    expect(fileCategory(path)).toBe(category);
  });

  it.each<[string, boolean]>([
    ["package.json", true],
    ["Census.Api/Census.Api.csproj", true],
    ["Dockerfiles/api.Dockerfile", true],
    ["src/package.ts", false],
  ])("%s manifest: %s", (path, manifest) => {
    expect(isManifest(path)).toBe(manifest);
  });
});

describe("projectFit: does a source file belong to a project the copied manifests declare", () => {
  it("no manifest copied: nothing to judge by, every file fits", () => {
    const fit = projectFit(["main.c", "tool.py", "app.js"]);
    expect(["main.c", "tool.py", "app.js"].map(fit)).toEqual([0, 0, 0]);
  });

  it("gradle-kotlin: a Python helper in a Gradle project does not fit, the Kotlin code does", () => {
    const files = ["build.gradle", "src/main/kotlin/App.kt", "carguemasivo/cargue.py"];
    const fit = projectFit(files);
    expect(fit("src/main/kotlin/App.kt")).toBe(0);
    expect(fit("carguemasivo/cargue.py")).toBe(1);
  });

  it("ruby-rails-heroku: a root test.py in a Rails app does not fit", () => {
    const fit = projectFit(["Gemfile", "app/models/note.rb", "test.py"]);
    expect([fit("app/models/note.rb"), fit("test.py")]).toEqual([0, 1]);
  });

  it("a Django app's static JavaScript does not fit when no package.json is copied", () => {
    const fit = projectFit(["requirements.txt", "app/views.py", "static/js/site.js"]);
    expect([fit("app/views.py"), fit("static/js/site.js")]).toEqual([0, 1]);
  });

  it("a language with no known manifest (C) is never judged foreign", () => {
    expect(projectFit(["requirements.txt", "ext/speedup.c"])("ext/speedup.c")).toBe(0);
  });

  it("several ecosystems copied: each of their languages fits", () => {
    const fit = projectFit(["api/Api.csproj", "web/package.json", "api/Program.cs", "web/src/App.js"]);
    expect([fit("api/Program.cs"), fit("web/src/App.js")]).toEqual([0, 0]);
  });

  it(".NET is scoped: a .cs file outside every project directory is not compiled, so it does not fit", () => {
    const files = ["Census.Api/Census.Api.csproj", "Census.Api/Program.cs", "Error.cs", "Other/Thing.cs"];
    const fit = projectFit(files);
    expect(["Census.Api/Program.cs", "Census.Api/Deep/X.cs", "Error.cs", "Other/Thing.cs"].map(fit)).toEqual([
      0, 0, 1, 1,
    ]);
  });

  it(".NET with the project file at the root: every .cs file fits", () => {
    expect(
      projectFit(["aspnetapp.csproj", "Controllers/HomeController.cs"])("Controllers/HomeController.cs"),
    ).toBe(0);
  });

  it("other ecosystems are not scoped: Go code beside a go.mod in a subdirectory still fits", () => {
    expect(projectFit(["backend/go.mod", "tools/gen.go"])("tools/gen.go")).toBe(0);
  });
});
