from django.urls import path

from . import editing_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("my-actions/", views.mine, name="mine"),
    path("import/", views.import_plan, name="import"),
    path("sign-off/", views.awaiting_sign_off, name="awaiting_sign_off"),
    path("new/", editing_views.new_plan, name="new"),
    path("<slug:slug>/", views.plan_detail, name="plan"),
    path("<slug:slug>/publish/", views.publish_progress, name="publish_progress"),
    path("publications/<int:pk>/withdraw/", views.withdraw_progress, name="withdraw_progress"),
    path("<slug:slug>/planning-steps/", views.planning_step, name="planning_step"),
    path("<slug:slug>/add-priority/", editing_views.priority_form, name="add_priority"),
    path("<slug:slug>/add-objective/", editing_views.objective_form, name="add_objective"),
    path("<slug:slug>/add-action/", editing_views.action_form, name="add_action"),
    path("<slug:slug>/priorities/<str:number>/change/", editing_views.priority_form, name="change_priority"),
    path("<slug:slug>/objectives/<str:number>/change/", editing_views.objective_form, name="change_objective"),
    path("<slug:slug>/objectives/<str:number>/owners/", editing_views.add_owner, {"what": "objective"},
         name="objective_owner"),
    path("<slug:slug>/actions/<int:number>/owners/", editing_views.add_owner, {"what": "action"}, name="action_owner"),
    path("<slug:slug>/owners/<int:pk>/remove/", editing_views.remove_owner, name="remove_owner"),
    path("<slug:slug>/objectives/<str:number>/link-measure/", editing_views.link_measure, name="link_measure"),
    path("<slug:slug>/objectives/<str:number>/", views.objective_detail, name="objective"),
    path("<slug:slug>/actions/<int:number>/", views.action_detail, name="action"),
    path("<slug:slug>/actions/<int:number>/updates/", views.add_update, name="add_update"),
    path("<slug:slug>/actions/<int:number>/updates/<int:update_id>/correct/", views.edit_update, name="edit_update"),
    path("<slug:slug>/actions/<int:number>/updates/<int:update_id>/respond/", views.respond, name="respond"),
    path("<slug:slug>/actions/<int:number>/rag/", views.override_rag, name="override_rag"),
    path("<slug:slug>/actions/<int:number>/edit/", views.edit_action, name="edit_action"),
]
