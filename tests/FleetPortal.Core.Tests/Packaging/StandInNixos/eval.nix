# STAND-IN for NixOS' evalModules, small enough to read. A simplified model of the module
# system: modules (with imports) are called with the final config; option declarations merge;
# mkIf is pushed down to the leaves (so a module may read its own options under mkIf),
# mkMerge, mkDefault/mkForce priorities, defaults, type checks, conflicting definitions and
# assertions. Outside the declared options only the NixOS options in nixos.nix exist, so a
# misspelt option path fails here as it would on NixOS.
{
  modules,
  lib ? import ./lib.nix,
  pkgs ? import ./pkgs.nix,
  nixos ? import ./nixos.nix,
}:
let
  inherit (builtins)
    all
    attrNames
    concatLists
    concatMap
    elem
    filter
    foldl'
    head
    isAttrs
    isBool
    isFunction
    isList
    isPath
    isString
    listToAttrs
    typeOf
    ;

  showPath = path: builtins.concatStringsSep "." path;
  kind = x: if isAttrs x then x._type or null else null;
  isOption = x: kind x == "option";
  isPlainSet = x: isAttrs x && kind x == null && !(x ? outPath);
  unique = foldl' (seen: x: if elem x seen then seen else seen ++ [ x ]) [ ];
  describe =
    v:
    if isString v then
      builtins.toJSON v
    else if isBool v || builtins.isInt v || v == null then
      builtins.toJSON v
    else
      "a ${typeOf v}";

  load =
    module:
    let
      f = if isPath module || isString module then import module else module;
      value = if isFunction f then f { inherit config lib pkgs; } else f;
    in
    [ value ] ++ concatMap load (value.imports or [ ]);
  loaded = concatMap load ([ nixos.base ] ++ modules);

  mergeDeclarations =
    path: a: b:
    listToAttrs (
      map (name: {
        inherit name;
        value =
          if a ? ${name} && b ? ${name} then
            if isOption a.${name} || isOption b.${name} then
              throw "The option ${showPath (path ++ [ name ])} is declared twice."
            else
              mergeDeclarations (path ++ [ name ]) a.${name} b.${name}
          else
            a.${name} or b.${name};
      }) (unique (attrNames a ++ attrNames b))
    );
  declarations = foldl' (mergeDeclarations [ ]) { } (map (v: v.options or { }) loaded);

  definitions = map (v: {
    value = if v ? options || v ? config then v.config or { } else removeAttrs v [ "imports" ];
    conds = [ ];
    priority = 100;
  }) loaded;

  # mkMerge, mkIf and priorities become properties of plain definitions; conditions are not evaluated here.
  pushDown =
    def:
    let
      v = def.value;
    in
    if kind v == "merge" then
      concatMap (content: pushDown (def // { value = content; })) v.contents
    else if kind v == "if" then
      pushDown (def // { value = v.content; conds = def.conds ++ [ v.condition ]; })
    else if kind v == "override" then
      pushDown (def // { value = v.content; inherit (v) priority; })
    else
      [ def ];

  active = filter (
    def: all (c: if isBool c then c else throw "A mkIf condition is ${describe c}, not a boolean.") def.conds
  );

  childDefs =
    name: defs: concatMap (d: if isPlainSet d.value && d.value ? ${name} then [ (d // { value = d.value.${name}; }) ] else [ ]) defs;

  present = name: defs: active (concatMap pushDown (childDefs name defs)) != [ ];

  # The definitions that win: those of the highest priority (lowest number).
  winners =
    path: defs:
    let
      top = foldl' (p: d: if d.priority < p then d.priority else p) 10000 defs;
    in
    map (d: d.value) (filter (d: d.priority == top) defs);

  single =
    path: values:
    if all (v: v == head values) values then
      head values
    else
      throw "The option ${showPath path} has conflicting definitions: ${builtins.concatStringsSep " and " (map describe values)}.";

  mergeNode =
    path: decl: schema: defs0:
    let
      defs = concatMap pushDown defs0;
    in
    if isOption decl then
      option path decl defs
    else if decl != null || (schema != null && !(schema ? _schema)) then
      namespace path decl schema defs
    else if schema == null then
      throw "The option ${showPath path} does not exist."
    else if schema._schema == "attrs" then
      named path (_: schema.child) defs
    else if schema._schema == "record" then
      named path (
        name:
        schema.fields.${name}
          or (throw "The option ${showPath (path ++ [ name ])} does not exist (the stand-in knows ${showPath path}.{${builtins.concatStringsSep "," (attrNames schema.fields)}}).")
      ) defs
    else
      value path schema defs;

  # A set of options: the names are known in advance, so no condition is evaluated to list them.
  namespace =
    path: decl: schema: defs:
    let
      declared = unique (attrNames (if decl == null then { } else decl) ++ attrNames (if schema == null then { } else schema));
      notSets = filter (d: !isPlainSet d.value) defs;
      unknown = filter (n: !(elem n declared)) (concatMap (d: attrNames d.value) defs);
    in
    if notSets != [ ] then
      throw "${showPath path} is a set of options; it cannot be set to ${describe (head notSets).value}."
    else if unknown != [ ] then
      throw "The option ${showPath (path ++ [ (head unknown) ])} does not exist."
    else
      listToAttrs (
        map (name: {
          inherit name;
          value = mergeNode (path ++ [ name ]) (if decl == null then null else decl.${name} or null) (
            if schema == null then null else schema.${name} or null
          ) (childDefs name defs);
        }) declared
      );

  # An attribute set of any names (like attrsOf): a name exists while one of its definitions is active.
  named =
    path: childSchema: defs:
    let
      act = active defs;
      notSets = filter (d: !isPlainSet d.value) act;
    in
    if notSets != [ ] then
      throw "${showPath path} must be an attribute set, not ${describe (head notSets).value}."
    else
      listToAttrs (
        map (name: {
          inherit name;
          value = mergeNode (path ++ [ name ]) null (childSchema name) (childDefs name act);
        }) (filter (name: present name act) (unique (concatMap (d: attrNames d.value) act)))
      );

  # Any value: attribute sets merge by name, lists concatenate, anything else must agree.
  value =
    path: schema: defs:
    let
      act = active defs;
      values = winners path act;
    in
    if act == [ ] then
      schema.default or null
    else if all (d: isPlainSet d.value) act then
      named path (_: { _schema = "value"; }) act
    else if all isList values then
      concatLists values
    else
      single path values;

  option =
    path: decl: defs:
    let
      act = active defs;
      values = winners path act;
      result =
        if act == [ ] then
          decl.default or (throw "The option ${showPath path} is used but not defined.")
        else if decl.type.concatenates or false then
          concatLists values
        else
          single path values;
    in
    if decl.type.check result then
      result
    else
      throw "The option ${showPath path} has a value of the wrong type: expected ${decl.type.name}, got ${describe result}.";

  config = mergeNode [ ] declarations nixos.schema definitions;

  failed = filter (a: !a.assertion) config.assertions;
in
{
  # The configuration after the assertions hold, as NixOS refuses to build otherwise.
  config =
    if failed == [ ] then
      config
    else
      throw "Failed assertions:\n${builtins.concatStringsSep "\n" (map (a: "- ${a.message}") failed)}";
}
