/** The shell scripts `kubelab completion bash|zsh` prints: each asks `kubelab __complete` for words. */
export const BASH = `# kubelab completion for bash. Load it with:  source <(kubelab completion bash)
_kubelab_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=( $(compgen -W "$(kubelab __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" -- "$cur" 2>/dev/null)" -- "$cur") )
}
complete -o default -F _kubelab_complete kubelab
`;

export const ZSH = `#compdef kubelab
# kubelab completion for zsh. Load it with:  source <(kubelab completion zsh)
_kubelab() {
  local -a words_before candidates
  words_before=("\${(@)words[2,CURRENT-1]}")
  candidates=("\${(@f)$(kubelab __complete "\${words_before[@]}" -- "\${words[CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
if [ "$funcstack[1]" = "_kubelab" ]; then _kubelab "$@"; else compdef _kubelab kubelab; fi
`;
