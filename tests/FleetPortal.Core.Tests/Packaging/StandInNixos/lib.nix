# STAND-IN for the parts of nixpkgs' `lib` the FleetPortal modules use. There is no nixpkgs on
# the build machines, so the tests evaluate the modules against this: it catches typos,
# undefined names, wrong option paths and wrong types, not every nuance of nixpkgs.
# Option types check values shallowly; see eval.nix for the module system.
let
  inherit (builtins)
    all
    attrNames
    concatStringsSep
    elem
    isAttrs
    isBool
    isInt
    isList
    isPath
    isString
    listToAttrs
    stringLength
    substring
    toJSON
    ;

  regexChars = [ "\\" "." "*" "+" "?" "(" ")" "[" "]" "{" "}" "|" "^" "$" ];

  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;

  mkOption = args: args // { _type = "option"; };

  types = {
    bool = {
      name = "boolean";
      check = isBool;
    };
    str = {
      name = "string";
      check = isString;
    };
    int = {
      name = "integer";
      check = isInt;
    };
    ints.between = lowest: highest: {
      name = "integer between ${toString lowest} and ${toString highest} (both inclusive)";
      check = x: isInt x && x >= lowest && x <= highest;
    };
    port = {
      name = "16 bit unsigned integer";
      check = x: isInt x && x >= 0 && x <= 65535;
    };
    path = {
      name = "absolute path";
      check = x: isPath x || (isString x && hasPrefix "/" x);
    };
    package = {
      name = "package";
      check = x: isAttrs x && x ? outPath;
    };
    enum = values: {
      name = "one of ${concatStringsSep ", " (map toJSON values)}";
      check = x: elem x values;
    };
    nullOr = type: {
      name = "null or ${type.name}";
      check = x: x == null || type.check x;
    };
    listOf = type: {
      name = "list of ${type.name}";
      check = x: isList x && all type.check x;
      concatenates = true;
    };
  };
in
rec {
  inherit hasPrefix mkOption types;
  inherit (builtins) concatStringsSep mapAttrs;

  mkEnableOption = name: mkOption {
    type = types.bool;
    default = false;
    description = "Whether to enable ${name}.";
  };

  mkIf = condition: content: {
    _type = "if";
    inherit condition content;
  };
  mkMerge = contents: {
    _type = "merge";
    inherit contents;
  };
  mkOverride = priority: content: {
    _type = "override";
    inherit priority content;
  };
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;

  literalExpression = text: {
    _type = "literalExpression";
    inherit text;
  };

  optional = condition: x: if condition then [ x ] else [ ];
  optionals = condition: xs: if condition then xs else [ ];
  optionalAttrs = condition: set: if condition then set else { };
  optionalString = condition: s: if condition then s else "";

  hasInfix =
    infix: s:
    let
      n = stringLength infix;
      go = i: i + n <= stringLength s && (substring i n s == infix || go (i + 1));
    in
    go 0;
  removePrefix = prefix: s: if hasPrefix prefix s then substring (stringLength prefix) (stringLength s) s else s;

  nameValuePair = name: value: { inherit name value; };
  "mapAttrs'" = f: set: listToAttrs (map (name: f name set.${name}) (attrNames set));

  splitString =
    separator: s:
    builtins.filter isString (
      builtins.split (builtins.replaceStrings regexChars (map (c: "\\${c}") regexChars) separator) s
    );

  genAttrs =
    names: f:
    listToAttrs (
      map (name: {
        inherit name;
        value = f name;
      }) names
    );

  # Nix text for plain values, as nixpkgs' lib.generators.toPretty writes it.
  generators.toPretty =
    _: value:
    let
      pretty =
        v:
        if isAttrs v then
          "{ ${concatStringsSep " " (map (name: "${toJSON name} = ${pretty v.${name}};") (attrNames v))} }"
        else if isList v then
          "[ ${concatStringsSep " " (map pretty v)} ]"
        else if isString v then
          builtins.replaceStrings [ "\${" ] [ "\\\${" ] (toJSON v)
        else if v == null then
          "null"
        else
          toJSON v;
    in
    pretty value;

  # Source filtering needs a store; the stand-in hands the arguments back so tests can call the filter.
  cleanSource = src: src;
  cleanSourceWith = args: args;

  platforms.linux = [
    "x86_64-linux"
    "aarch64-linux"
  ];

  getExe =
    package:
    "${package}/bin/${package.meta.mainProgram or (throw "lib.getExe: ${package.name or "the package"} has no meta.mainProgram")}";
}
